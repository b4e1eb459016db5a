namespace VUnetStream.Service.Jobs;

/// <summary>
/// Where a client's cancel goes once the store has recorded it: to the job runners of this process (the
/// embedded mode) or to the workers that may be running the job elsewhere (the Kafka mode).
/// </summary>
public interface IJobCancellation
{
    /// <summary>Asks whoever runs job <paramref name="id"/> (or will) to stop it; returns at once.</summary>
    void RequestStop(string id);
}
