using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VUnetStream.Application.Preview;

/// <summary>
/// A tiny HTTP server on the loopback interface that shows the output while it is being rendered:
/// <c>/</c> is a page, <c>/stream.mjpg</c> an MJPEG stream (multipart/x-mixed-replace, which browsers
/// play in an &lt;img&gt;), <c>/frame.jpg</c> the newest frame. Deliberately minimal: no dependencies,
/// GET only, one task per viewer.
/// </summary>
internal sealed class MjpegPreviewServer : IAsyncDisposable
{
    private const string Boundary = "vunetframe";
    private readonly TcpListener _listener;
    private readonly FrameBroadcaster _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly string _title;

    private MjpegPreviewServer(TcpListener listener, FrameBroadcaster frames, string title)
    {
        _listener = listener;
        _frames = frames;
        _title = WebUtility.HtmlEncode(title);
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static MjpegPreviewServer Start(FrameBroadcaster frames, int port, string title)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            throw new IOException($"cannot serve the preview on 127.0.0.1:{port}: {ex.Message}", ex);
        }

        return new MjpegPreviewServer(listener, frames, title);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string path = await ReadRequestPathAsync(stream, _stop.Token).ConfigureAwait(false);
                switch (path)
                {
                    case "/":
                    case "/index.html":
                        await WriteResponseAsync(stream, "200 OK", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(Page())).ConfigureAwait(false);
                        break;
                    case "/frame.jpg":
                        (byte[] Jpeg, long Sequence)? latest = await _frames.NextAsync(0, _stop.Token).ConfigureAwait(false);
                        if (latest is null)
                        {
                            await WriteResponseAsync(stream, "404 Not Found", "text/plain", "no frame yet"u8.ToArray()).ConfigureAwait(false);
                        }
                        else
                        {
                            await WriteResponseAsync(stream, "200 OK", "image/jpeg", latest.Value.Jpeg).ConfigureAwait(false);
                        }

                        break;
                    case "/stream.mjpg":
                        await StreamAsync(stream).ConfigureAwait(false);
                        break;
                    default:
                        await WriteResponseAsync(stream, "404 Not Found", "text/plain", "not found"u8.ToArray()).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A viewer went away or the server is stopping: nothing to do.
            }
        }
    }

    private async Task StreamAsync(NetworkStream stream)
    {
        string header = $"HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary={Boundary}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token).ConfigureAwait(false);
        long seen = 0;
        while (await _frames.NextAsync(seen, _stop.Token).ConfigureAwait(false) is { } frame)
        {
            seen = frame.Sequence;
            string part = $"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {frame.Jpeg.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(part), _stop.Token).ConfigureAwait(false);
            await stream.WriteAsync(frame.Jpeg, _stop.Token).ConfigureAwait(false);
            await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token).ConfigureAwait(false);
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"), _stop.Token).ConfigureAwait(false);
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (Encoding.ASCII.GetString(buffer, 0, total).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        string[] requestLine = Encoding.ASCII.GetString(buffer, 0, total).Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 && requestLine[0] == "GET" ? requestLine[1].Split('?')[0] : "";
    }

    private static async Task WriteResponseAsync(NetworkStream stream, string status, string contentType, byte[] body)
    {
        string header = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header)).ConfigureAwait(false);
        await stream.WriteAsync(body).ConfigureAwait(false);
    }

    private string Page() =>
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>VUnetStream preview</title>" +
        "<style>body{background:#111;color:#ddd;font-family:sans-serif;text-align:center}img{max-width:95vw;max-height:85vh}</style></head>" +
        $"<body><h3>{_title}</h3><img src=\"/stream.mjpg\" alt=\"live output\"><p>Frames appear as they are rendered.</p></body></html>";
}
