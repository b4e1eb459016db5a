namespace VUnetStream.Messaging.Worker;

/// <summary>
/// Runs one job for a worker. Its contract is the worker's durability rule: the output appears at
/// <see cref="WorkerJob.OutputPath"/> complete or not at all (written under a temporary name, then
/// renamed), so that a redelivered job whose output exists can be acknowledged without rework.
/// Tests inject a fast fake; `vunet worker` uses <see cref="TransferJobExecutor"/>.
/// </summary>
internal interface IJobExecutor
{
    /// <param name="progress">Frames done and the total, as often as the executor likes.</param>
    Task ExecuteAsync(WorkerJob job, Action<int, int> progress, CancellationToken cancellationToken);
}
