namespace VUnetStream.Service.Jobs;

/// <summary>Where a job's inputs came from.</summary>
public enum JobSource
{
    /// <summary>Sent with the request, stored under generated names in the job's folder.</summary>
    Upload,

    /// <summary>Files inside the server's media root, named by the request.</summary>
    Media,

    /// <summary>The built-in example: a synthetic dancer clip and target person, made when the job runs.</summary>
    Example,
}
