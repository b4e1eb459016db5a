namespace VUnetStream.Cli.Batch;

/// <summary>
/// Where each video's result goes: OUT/NAME.mp4 after the video's file name. Two videos with the same
/// name (a.mp4 and a.mov, or the same name in two folders of a zip) would write one file: the later ones
/// fail their rows instead. An existing result fails its row unless --overwrite; nothing else is touched.
/// </summary>
internal static class BatchOutputs
{
    /// <summary>The output of each video, or the reason it cannot have one.</summary>
    public static IReadOnlyList<(BatchVideo Video, string Output, string? Problem)> Plan(IReadOnlyList<BatchVideo> videos, string outDir, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(videos);
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        var plan = new List<(BatchVideo, string, string?)>();
        foreach (BatchVideo video in videos)
        {
            string output = Path.GetFullPath(Path.Combine(outDir, Path.GetFileNameWithoutExtension(video.Path) + ".mp4"));
            string? problem = null;
            if (taken.TryGetValue(output, out string? first))
            {
                problem = $"its output {output} is also {first}'s; rename one of them";
            }
            else if (string.Equals(output, Path.GetFullPath(video.Path), StringComparison.Ordinal))
            {
                problem = $"its output {output} is the video itself; choose another --out";
            }
            else if (File.Exists(output) && !overwrite)
            {
                problem = $"{output} already exists (pass --overwrite to replace it)";
            }

            taken.TryAdd(output, video.Name);
            plan.Add((video, output, problem));
        }

        return plan;
    }
}
