namespace VUnetStream.Cli.Batch;

/// <summary>Runs a batch's jobs somewhere (this process, a server) and tells how each ended, in the order given.</summary>
internal interface IBatchBackend
{
    Task<IReadOnlyList<BatchRow>> RunAsync(IReadOnlyList<BatchJob> jobs, BatchProgress progress, CancellationToken cancellationToken);
}

/// <summary>A video and the file its result is written to.</summary>
internal sealed record BatchJob(BatchVideo Video, string Output);
