namespace VUnetStream.Cli.Batch;

/// <summary>
/// The videos a batch runs on: the video files directly in a folder, or in a zip (extracted to a
/// temporary folder of the batch's own, deleted with it). Names are sorted so runs are repeatable.
/// </summary>
internal sealed class BatchInputs : IDisposable
{
    /// <summary>What counts as a video by its name; a file that has the name but does not decode fails its own row.</summary>
    public static readonly string[] VideoExtensions = [".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"];

    private readonly string? _extracted;

    private BatchInputs(IReadOnlyList<BatchVideo> videos, string? extracted)
    {
        Videos = videos;
        _extracted = extracted;
    }

    public IReadOnlyList<BatchVideo> Videos { get; }

    public static BatchInputs Open(string folderOrZip)
    {
        ArgumentNullException.ThrowIfNull(folderOrZip);
        if (Directory.Exists(folderOrZip))
        {
            var videos = Directory.EnumerateFiles(folderOrZip)
                .Where(IsVideoName)
                .Order(StringComparer.Ordinal)
                .Select(p => new BatchVideo(System.IO.Path.GetFileName(p), p))
                .ToList();
            return Checked(new BatchInputs(videos, null), folderOrZip);
        }

        if (File.Exists(folderOrZip) && folderOrZip.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            string temp = Directory.CreateTempSubdirectory("vunet-batch-").FullName;
            try
            {
                IReadOnlyList<BatchVideo> videos = ZipVideos.Extract(folderOrZip, temp);
                return Checked(new BatchInputs(videos, temp), folderOrZip);
            }
            catch
            {
                Directory.Delete(temp, recursive: true);
                throw;
            }
        }

        throw new FileNotFoundException($"--videos '{folderOrZip}' is neither a folder nor a .zip file");
    }

    public static bool IsVideoName(string path) =>
        VideoExtensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public void Dispose()
    {
        if (_extracted is not null && Directory.Exists(_extracted))
        {
            Directory.Delete(_extracted, recursive: true);
        }
    }

    private static BatchInputs Checked(BatchInputs inputs, string source)
    {
        if (inputs.Videos.Count == 0)
        {
            inputs.Dispose();
            throw new InvalidDataException($"'{source}' holds no video files ({string.Join(", ", VideoExtensions)})");
        }

        return inputs;
    }
}
