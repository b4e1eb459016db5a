using VUnetStream.Service.Jobs;

namespace VUnetStream.Service.Storage;

/// <summary>
/// Messages shown to clients name their files as they know them: the paths of the server's data folder
/// (where uploads live under generated names) are replaced by the names the client gave.
/// </summary>
internal static class ServerPaths
{
    public static string Hide(string message, ServiceJob job, DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(message);
        string shown = message.Replace(job.VideoPath, job.VideoName, StringComparison.Ordinal)
            .Replace(job.PhotoPath, job.PhotoName, StringComparison.Ordinal);
        return shown.Replace(data.Root, "DATA", StringComparison.Ordinal);
    }
}
