using OpenCvSharp;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Sinks;

namespace VUnetStream.Application.Preview;

/// <summary>
/// The output served live while it renders (<c>--serve PORT</c>): each composed frame goes to the MJPEG
/// server's broadcaster, which never makes the pipeline wait for a slow viewer.
/// </summary>
internal sealed class PreviewSink : IFrameSink
{
    private readonly FrameBroadcaster _frames = new();
    private readonly MjpegPreviewServer _server;

    private PreviewSink(int port, string title) => _server = MjpegPreviewServer.Start(_frames, port, title);

    public Uri Url => _server.Url;

    /// <summary>Starts serving at http://127.0.0.1:<paramref name="port"/>/ (0: any free port), titled <paramref name="title"/>.</summary>
    public static PreviewSink Start(int port, string title) => new(port, title);

    public ValueTask WriteAsync(Mat output, RenderedFrame frame, CancellationToken cancellationToken)
    {
        _frames.Publish(output);
        return ValueTask.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        _frames.Finish();
        return Task.CompletedTask;
    }

    /// <summary>Ends every viewer's stream (also after a failed job) and stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        _frames.Finish();
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
