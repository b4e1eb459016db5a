namespace VUnetStream.Cli.Batch;

/// <summary>
/// A whole batch: the videos of the folder or zip, their planned outputs (a row fails when its output is
/// taken or exists), the jobs on a backend, and the summary table. Exit code 0 when every video succeeded,
/// 1 when any failed or was cancelled, so a script can tell; the table says which.
/// </summary>
internal static class BatchRun
{
    public static async Task<(int ExitCode, IReadOnlyList<BatchRow> Rows)> RunAsync(
        BatchSettings settings, IBatchBackend backend, TextWriter table, TextWriter? progressOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(table);
        if (!File.Exists(settings.PhotoPath))
        {
            throw new FileNotFoundException($"--photo '{settings.PhotoPath}' does not exist");
        }

        using BatchInputs inputs = BatchInputs.Open(settings.VideosSource);
        Directory.CreateDirectory(settings.OutDir);
        var plan = BatchOutputs.Plan(inputs.Videos, settings.OutDir, settings.Overwrite);
        var progress = new BatchProgress(plan.Count, progressOutput);
        var runnable = plan.Where(p => p.Problem is null).Select(p => new BatchJob(p.Video, p.Output)).ToList();
        IReadOnlyList<BatchRow> ran = await backend.RunAsync(runnable, progress, cancellationToken).ConfigureAwait(false);
        progress.Finish();

        var byVideo = runnable.Zip(ran).ToDictionary(p => p.First.Video, p => p.Second);
        var rows = plan.Select(p => p.Problem is null ? byVideo[p.Video] : BatchRow.Failed(p.Video.Name, p.Problem)).ToList();
        await table.WriteLineAsync(BatchSummary.Table(rows)).ConfigureAwait(false);
        return (rows.All(r => r.State == BatchState.Succeeded) ? 0 : 1, rows);
    }
}
