namespace VUnetStream.Service.Storage;

/// <summary>
/// Where the service keeps things under its data folder: <c>jobs.db</c>, and per job <c>jobs/ID/</c> with
/// the uploads under fixed names (<c>video.EXT</c>, <c>photo.EXT</c>), the example's inputs
/// (<c>example/</c>) and <c>result.mp4</c>. Ids are checked before they name a folder.
/// In the Kafka mode the job folders live in the media root the workers share (<c>jobsRoot</c>), since
/// workers, maybe on other machines, read the inputs and write the results there.
/// </summary>
public sealed class DataFolder
{
    public const string ResultFile = "result.mp4";

    public DataFolder(string root, string? jobsRoot = null)
    {
        Root = Path.GetFullPath(root);
        JobsRoot = Path.GetFullPath(jobsRoot ?? Path.Combine(Root, "jobs"));
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(JobsRoot);
    }

    public string Root { get; }

    /// <summary>The folder that holds one folder per job.</summary>
    public string JobsRoot { get; }

    public string DatabasePath => Path.Combine(Root, "jobs.db");

    public string JobFolder(string id) =>
        Jobs.JobIds.IsWellFormed(id) ? Path.Combine(JobsRoot, id) : throw new ArgumentException($"'{id}' is not a job id");

    public string ResultPath(string id) => Path.Combine(JobFolder(id), ResultFile);

    public string ExampleFolder(string id) => Path.Combine(JobFolder(id), "example");
}
