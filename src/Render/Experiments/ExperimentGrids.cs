using System.Globalization;
using OpenCvSharp;
using VUnetStream.Render.Data;

namespace VUnetStream.Render.Experiments;

/// <summary>The readable image tables of the three experiments (and the combined one written during training), rendered to one BGR sheet each.</summary>
public static class ExperimentGrids
{
    /// <summary>One row per image: input | stickman | reconstruction (posterior mean).</summary>
    public static Mat Reconstruction(VUnetRunner runner, ModelInputs inputs, string title)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(inputs);
        Mat[] outputs = runner.Reconstruct(inputs);
        Mat[]? alphas = runner.ReconstructAlpha(inputs);
        var grid = new ImageGrid(title)
        {
            ColumnHeaders = alphas is null ? ["input x", "stickman y", "reconstruction"] : ["input x", "stickman y", "reconstruction", "alpha"],
        };
        var owned = new List<Mat>(outputs);
        owned.AddRange(alphas ?? []);
        for (int i = 0; i < inputs.Count; i++)
        {
            Mat stickman = inputs.StickmanPicture(i);
            owned.Add(stickman);
            grid.AddRow(Label(inputs, i), alphas is null
                ? [inputs.SquareImages[i], stickman, outputs[i]]
                : [inputs.SquareImages[i], stickman, outputs[i], alphas[i]]);
        }

        return Finish(grid, owned);
    }

    /// <summary>One row per pose: input | stickman | K samples with z from the prior p(z | ŷ).</summary>
    public static Mat Samples(VUnetRunner runner, ModelInputs poses, int count, long seed, string title)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(poses);
        Mat[][] samples = runner.Samples(poses, count, seed);
        var headers = new List<string> { "input x", "stickman y" };
        headers.AddRange(Enumerable.Range(1, count).Select(k => string.Create(CultureInfo.InvariantCulture, $"sample {k}")));
        var grid = new ImageGrid(title) { ColumnHeaders = headers };
        var owned = new List<Mat>(samples.SelectMany(s => s));
        for (int i = 0; i < poses.Count; i++)
        {
            Mat stickman = poses.StickmanPicture(i);
            owned.Add(stickman);
            grid.AddRow(Label(poses, i), [poses.SquareImages[i], stickman, .. samples[i]]);
        }

        return Finish(grid, owned);
    }

    /// <summary>
    /// The full A × B table: the first row shows the appearance images A (one per column); each further
    /// row is one pose B (its image and stickman, then A's appearance in B's pose for every A).
    /// </summary>
    public static Mat Transfer(VUnetRunner runner, ModelInputs appearances, ModelInputs poses, string title)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(appearances);
        ArgumentNullException.ThrowIfNull(poses);
        Mat[][] table = runner.TransferTable(appearances, poses);
        var headers = new List<string> { "pose image", "stickman y" };
        headers.AddRange(Enumerable.Range(0, appearances.Count).Select(a => string.Create(CultureInfo.InvariantCulture, $"look A{a + 1}")));
        var grid = new ImageGrid(title) { ColumnHeaders = headers };
        var owned = new List<Mat>(table.SelectMany(r => r));
        grid.AddRow("A", [null, null, .. appearances.SquareImages]);
        for (int b = 0; b < poses.Count; b++)
        {
            Mat stickman = poses.StickmanPicture(b);
            owned.Add(stickman);
            grid.AddRow(string.Create(CultureInfo.InvariantCulture, $"B{b + 1}"), [poses.SquareImages[b], stickman, .. table[b]]);
        }

        return Finish(grid, owned);
    }

    /// <summary>
    /// The grid written during training: per image, input | stickman | reconstruction | transfer (the
    /// next image's appearance in this pose) | one prior sample.
    /// </summary>
    public static Mat TrainingOverview(VUnetRunner runner, ModelInputs inputs, long seed, string title)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(inputs);
        Mat[] reconstructions = runner.Reconstruct(inputs);
        Mat[]? alphas = runner.ReconstructAlpha(inputs);
        Mat[][] table = runner.TransferTable(inputs, inputs);
        Mat[][] samples = runner.Samples(inputs, 1, seed);
        string[] headers = ["input x", "stickman y", "reconstruction", "look of next row", "prior sample"];
        var grid = new ImageGrid(title) { ColumnHeaders = alphas is null ? headers : [.. headers, "alpha"] };
        var owned = new List<Mat>(reconstructions);
        owned.AddRange(alphas ?? []);
        owned.AddRange(table.SelectMany(r => r));
        owned.AddRange(samples.SelectMany(s => s));
        for (int i = 0; i < inputs.Count; i++)
        {
            Mat stickman = inputs.StickmanPicture(i);
            owned.Add(stickman);
            int next = (i + 1) % inputs.Count;
            Mat[] row = [inputs.SquareImages[i], stickman, reconstructions[i], table[i][next], samples[i][0]];
            grid.AddRow(null, alphas is null ? row : [.. row, alphas[i]]);
        }

        return Finish(grid, owned);
    }

    private static string Label(ModelInputs inputs, int i)
    {
        string name = Path.GetFileNameWithoutExtension(inputs.Samples[i].Name);
        return name.Length <= 14 ? name : name[..13] + "~";
    }

    // The grid only references the images: render the sheet, then free the images made here.
    private static Mat Finish(ImageGrid grid, List<Mat> owned)
    {
        try
        {
            return grid.Render();
        }
        finally
        {
            foreach (Mat m in owned)
            {
                m.Dispose();
            }
        }
    }
}
