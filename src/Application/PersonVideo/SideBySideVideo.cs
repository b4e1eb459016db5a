using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Encode;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// <c>eval-video --side-by-side</c>: the held-out frames as real | generated, H.264 at the source's rate through the
/// project's encoder (written under a temporary name and renamed into place when complete, never over an existing
/// file without overwrite). The panels are even-sized (<see cref="Pipeline.Backgrounds.ScenePanel.For"/>).
/// </summary>
internal sealed class SideBySideVideo : IAsyncDisposable
{
    private readonly FfmpegVideoWriter _writer;
    private readonly Size _panel;
    private readonly byte[] _buffer;

    private SideBySideVideo(FfmpegVideoWriter writer, Size panel)
    {
        _writer = writer;
        _panel = panel;
        _buffer = new byte[panel.Width * 2 * panel.Height * 3];
    }

    public int Frames => _writer.FramesWritten;

    public static SideBySideVideo Start(string path, Size panel, double fps, bool overwrite) =>
        new(FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = panel.Width * 2, Height = panel.Height, Fps = fps, Overwrite = overwrite }), panel);

    /// <summary>Writes one frame: <paramref name="real"/> on the left, <paramref name="generated"/> on the right (both the panel's size, BGR).</summary>
    public async Task WriteAsync(Mat real, Mat generated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.Size() != _panel || generated.Size() != _panel)
        {
            throw new ArgumentException($"side-by-side panels must be {_panel.Width}x{_panel.Height}");
        }

        using var pair = new Mat();
        Cv2.HConcat([real, generated], pair);
        Marshal.Copy(pair.Data, _buffer, 0, _buffer.Length);
        await _writer.WriteFrameAsync(_buffer, cancellationToken).ConfigureAwait(false);
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => _writer.CompleteAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
