using VUnetStream.Core.IO;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;

namespace VUnetStream.Application;

/// <summary>
/// One job in a service of its own (loads the model and pose estimator for this job only): for callers
/// that run a single job, and for measurements that must see a job's whole cost. Hosts that serve many
/// jobs keep one <see cref="TransferService"/> instead.
/// </summary>
public static class TransferVideoJob
{
    public static async Task<JobSummary> RunAsync(
        TransferVideoRequest request,
        PipelineMetrics metrics,
        Action<int, int>? progress = null,
        Action<string>? notice = null,
        CancellationToken cancellationToken = default)
    {
        using var service = new TransferService();
        return await service.RunAsync(request, metrics, e =>
        {
            switch (e.Kind)
            {
                case TransferJobEventKind.Progress:
                    progress?.Invoke(e.FramesDone, e.FramesTotal);
                    break;
                case TransferJobEventKind.Notice:
                    notice?.Invoke(e.Message!);
                    break;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="TransferRequestChecks.CheckPaths"/>
    public static void CheckPaths(TransferVideoRequest request, params NamedOutput[] extraOutputs) =>
        TransferRequestChecks.CheckPaths(request, extraOutputs);
}
