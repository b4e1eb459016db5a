using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Encode;
using VUnetStream.Pipeline.Frames;

namespace VUnetStream.Pipeline.Sinks;

/// <summary>The output video: each frame's BGR bytes piped to ffmpeg, renamed into place on completion.</summary>
internal sealed class VideoFileSink(FfmpegVideoWriter writer) : IFrameSink
{
    private byte[]? _buffer;

    public int FramesWritten => writer.FramesWritten;

    public async ValueTask WriteAsync(Mat output, RenderedFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        _buffer ??= new byte[output.Width * output.Height * 3];
        Marshal.Copy(output.Data, _buffer, 0, _buffer.Length);
        await writer.WriteFrameAsync(_buffer, cancellationToken).ConfigureAwait(false);
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => writer.CompleteAsync(cancellationToken);

    /// <summary>Without completion: kills ffmpeg and removes its temporary file.</summary>
    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
