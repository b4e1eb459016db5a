namespace VUnetStream.Service.Jobs;

/// <summary>Where a job is in its life; the last three are final.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>Names of the states as the store and the API write them.</summary>
public static class JobStates
{
    public static string Name(JobState state) => state.ToString().ToLowerInvariant();

    public static JobState Parse(string name) => Enum.Parse<JobState>(name, ignoreCase: true);

    public static bool IsFinal(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
