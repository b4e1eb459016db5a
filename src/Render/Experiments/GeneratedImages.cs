using OpenCvSharp;
using VUnetStream.Render.Data;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// Generates images in batches and writes each one to a <see cref="GeneratedImageFolder"/> (<c>--out-dir</c>).
/// The folder is prepared from the names first, so that a name clash stops the run before the model is loaded.
/// </summary>
public static class GeneratedImages
{
    /// <summary>A reconstruction is written under its input's name (as .png).</summary>
    public static string ReconstructionName(PoseSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Path.ChangeExtension(sample.Name, ".png");
    }

    /// <summary>The names <see cref="WriteReconstructions"/> writes, to check with <see cref="GeneratedImageFolder.Prepare"/> first.</summary>
    public static IReadOnlyList<string> ReconstructionNames(IReadOnlyList<PoseSample> samples) => [.. samples.Select(ReconstructionName)];

    /// <summary>The names <see cref="WriteTransfers"/> writes: each triple's <see cref="TransferTriple.OutputName"/>.</summary>
    public static IReadOnlyList<string> TransferNames(IReadOnlyList<TransferTriple> triples) => [.. triples.Select(t => t.OutputName)];

    /// <summary>Reconstructs <paramref name="samples"/> and writes one PNG each into <paramref name="output"/> (prepared with <see cref="ReconstructionNames"/>).</summary>
    public static void WriteReconstructions(VUnetRunner runner, IReadOnlyList<PoseSample> samples, GeneratedImageFolder output)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(output);
        foreach (PoseSample[] chunk in samples.Chunk(runner.BatchSize * 2))
        {
            using ModelInputs inputs = runner.Load(chunk);
            WriteAll(output, [.. chunk.Select(ReconstructionName)], runner.Reconstruct(inputs));
        }
    }

    /// <summary>
    /// Renders every transfer (A's look in B's pose) and writes it into <paramref name="output"/>
    /// (prepared with <see cref="TransferNames"/>) as its <see cref="TransferTriple.OutputName"/>: a
    /// transfer.csv row at the model size, a pairs.csv row at the size of its target (the pose image: the
    /// benchmarks score at the dataset's image size), the square padding cut off again
    /// (<see cref="PreparedSample.FromSquare"/>).
    /// </summary>
    public static void WriteTransfers(VUnetRunner runner, IReadOnlyList<TransferTriple> triples, GeneratedImageFolder output)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(triples);
        ArgumentNullException.ThrowIfNull(output);
        foreach (TransferTriple[] chunk in triples.Chunk(runner.BatchSize * 2))
        {
            using ModelInputs appearances = runner.Load([.. chunk.Select(t => t.Appearance)]);
            using ModelInputs poses = runner.Load([.. chunk.Select(t => t.Pose)]);
            Mat[] images = runner.TransferPairs(appearances, poses);
            for (int i = 0; i < images.Length; i++)
            {
                if (chunk[i].TargetName is null)
                {
                    using Mat square = images[i];
                    (int width, int height) = ImageSizeOf(chunk[i].TargetPath);
                    images[i] = PreparedSample.FromSquare(square, width, height);
                }
            }

            WriteAll(output, [.. chunk.Select(t => t.OutputName)], images);
        }
    }

    private static (int Width, int Height) ImageSizeOf(string path)
    {
        using Mat image = Cv2.ImRead(path, ImreadModes.Unchanged);
        return image.Empty() ? throw new InvalidDataException($"{path}: transfer target cannot be decoded") : (image.Cols, image.Rows);
    }

    private static void WriteAll(GeneratedImageFolder output, string[] names, Mat[] images)
    {
        try
        {
            for (int i = 0; i < images.Length; i++)
            {
                output.Write(names[i], images[i]);
            }
        }
        finally
        {
            foreach (Mat m in images)
            {
                m.Dispose();
            }
        }
    }
}
