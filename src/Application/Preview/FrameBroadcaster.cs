using OpenCvSharp;

namespace VUnetStream.Application.Preview;

/// <summary>
/// Holds the newest output frame as JPEG for live viewers. Publishing never blocks the pipeline:
/// viewers that are slower than the video simply skip frames (the encoded file keeps every frame).
/// Public so that a host can watch a job's frames itself (the service's <c>/jobs/{id}/live</c>) by handing
/// one to <see cref="TransferService.RunAsync(TransferVideoRequest, VUnetStream.Pipeline.Metrics.PipelineMetrics, FrameBroadcaster?, Action{TransferJobEvent}?, CancellationToken)"/>.
/// </summary>
public sealed class FrameBroadcaster
{
    private readonly Lock _gate = new();
    private readonly int _quality;
    private byte[]? _latest;
    private long _sequence;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _finished;
    private int _viewers;

    public FrameBroadcaster(int jpegQuality = 80) => _quality = jpegQuality;

    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _finished;
            }
        }
    }

    /// <summary>Viewers watching now (see <see cref="Watch"/>).</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    /// <summary>
    /// Counts a viewer until the result is disposed, so that a publisher that only feeds viewers on demand
    /// (<see cref="BroadcastSink"/>) spends no CPU on JPEG encoding while nobody watches.
    /// </summary>
    public IDisposable Watch()
    {
        Interlocked.Increment(ref _viewers);
        return new Viewer(this);
    }

    public void Publish(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Cv2.ImEncode(".jpg", frame, out byte[] jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, _quality));
        TaskCompletionSource signal;
        lock (_gate)
        {
            _latest = jpeg;
            _sequence++;
            signal = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    /// <summary>Marks the stream as ended; waiting viewers wake up and see <see cref="IsFinished"/>.</summary>
    public void Finish()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _finished = true;
            signal = _next;
        }

        signal.TrySetResult();
    }

    /// <summary>Waits for a frame newer than <paramref name="seenSequence"/>; returns null when the stream ended.</summary>
    public async Task<(byte[] Jpeg, long Sequence)?> NextAsync(long seenSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_latest is not null && _sequence > seenSequence)
                {
                    return (_latest, _sequence);
                }

                if (_finished)
                {
                    return null;
                }

                wait = _next.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Viewer(FrameBroadcaster frames) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref frames._viewers);
            }
        }
    }
}
