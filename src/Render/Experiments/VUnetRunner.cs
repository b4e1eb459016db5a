using OpenCvSharp;
using VUnetStream.Render.Data;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// The paper's three experiments on a trained VUNet, in batches, returning 8-bit BGR images:
/// reconstruction with the posterior mean, appearance samples from the prior p(z | ŷ), and transfer of
/// A's appearance onto B's pose. Runs on the calling thread (TorchSharp scopes are per thread).
/// </summary>
public sealed class VUnetRunner : IDisposable
{
    private readonly bool _ownsModel;

    public VUnetRunner(VUnet model, bool ownsModel = false, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Model = model;
        _ownsModel = ownsModel;
        BatchSize = batchSize;
    }

    public VUnet Model { get; }

    public VUnetConfig Config => Model.Config;

    public int BatchSize { get; }

    /// <summary>Light neutral grey: what an alpha model's person is shown on unless a caller picks another background.</summary>
    public static readonly (byte R, byte G, byte B) DefaultBackground = (220, 220, 220);

    /// <summary>The plain colour (RGB) an alpha model's outputs are composited onto.</summary>
    public (byte R, byte G, byte B) Background { get; init; } = DefaultBackground;

    /// <summary>Loads dataset samples in this model's input format.</summary>
    public ModelInputs Load(IReadOnlyList<PoseSample> samples) => ModelInputs.Load(samples, Config.ImageSize, Config.BoxFactor);

    /// <summary>x̂ = G(ŷ, mean of q(z | x, ŷ)) for each input.</summary>
    public Mat[] Reconstruct(ModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Batched(inputs.Count, (start, length) =>
        {
            using Tensor stickmen = inputs.Stickmen.narrow(0, start, length);
            using Tensor crops = inputs.Crops.narrow(0, start, length);
            using Tensor output = Model.Reconstruct(stickmen, crops);
            return Pictures(output);
        });
    }

    /// <summary>Item i: appearance of <paramref name="appearances"/>[i] in the pose of <paramref name="poses"/>[i].</summary>
    public Mat[] TransferPairs(ModelInputs appearances, ModelInputs poses)
    {
        ArgumentNullException.ThrowIfNull(appearances);
        ArgumentNullException.ThrowIfNull(poses);
        if (appearances.Count != poses.Count)
        {
            throw new ArgumentException($"{appearances.Count} appearances but {poses.Count} poses");
        }

        return Batched(poses.Count, (start, length) =>
        {
            using Tensor crops = appearances.Crops.narrow(0, start, length);
            using Tensor stickmen = poses.Stickmen.narrow(0, start, length);
            using Tensor output = Model.Transfer(crops, stickmen);
            return Pictures(output);
        });
    }

    /// <summary>The full table: result[b][a] = appearance a in pose b.</summary>
    public Mat[][] TransferTable(ModelInputs appearances, ModelInputs poses)
    {
        ArgumentNullException.ThrowIfNull(appearances);
        ArgumentNullException.ThrowIfNull(poses);
        var table = new Mat[poses.Count][];
        for (int b = 0; b < poses.Count; b++)
        {
            table[b] = new Mat[appearances.Count];
        }

        using Latents codes = Model.EncodeAppearance(appearances.Crops);
        for (int a = 0; a < appearances.Count; a++)
        {
            using Latents one = codes.Slice(a, 1);
            Mat[] column = Batched(poses.Count, (start, length) =>
            {
                using Tensor stickmen = poses.Stickmen.narrow(0, start, length);
                using Tensor output = Model.Decode(stickmen, one);
                return Pictures(output);
            });
            for (int b = 0; b < poses.Count; b++)
            {
                table[b][a] = column[b];
            }
        }

        return table;
    }

    /// <summary>result[i] = <paramref name="count"/> images with z drawn from the prior p(z | ŷ_i); reproducible for a seed.</summary>
    public Mat[][] Samples(ModelInputs poses, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(poses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var generator = new Generator(unchecked((ulong)seed));
        var result = new Mat[poses.Count][];
        for (int i = 0; i < poses.Count; i++)
        {
            using Tensor one = poses.Stickmen.narrow(0, i, 1);
            using Tensor repeated = one.expand(count, -1, -1, -1).contiguous();
            result[i] = Batched(count, (start, length) =>
            {
                using Tensor stickmen = repeated.narrow(0, start, length);
                using Tensor output = Model.Sample(stickmen, generator);
                return Pictures(output);
            });
        }

        return result;
    }

    /// <summary>
    /// The person's alpha (8-bit, 255 = person) of each reconstruction, or null for a 3-channel model:
    /// what the grids show beside the pictures.
    /// </summary>
    public Mat[]? ReconstructAlpha(ModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!Config.OutputAlpha)
        {
            return null;
        }

        return Batched(inputs.Count, (start, length) =>
        {
            using Tensor stickmen = inputs.Stickmen.narrow(0, start, length);
            using Tensor crops = inputs.Crops.narrow(0, start, length);
            using Tensor output = Model.Reconstruct(stickmen, crops);
            using Tensor alpha = AlphaComposite.Alpha(output)!;
            using Tensor grey = alpha.mul(2.0).sub(1.0).expand(-1, 3, -1, -1);
            return ImageTensors.ToBgrBatch(grey);
        });
    }

    /// <summary>Decoder outputs as 8-bit BGR pictures: an alpha model's composited onto <see cref="Background"/>.</summary>
    public Mat[] Pictures(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using Tensor background = AlphaComposite.Colour(Background.R, Background.G, Background.B, output.device);
        using Tensor composite = AlphaComposite.Over(output, background);
        return ImageTensors.ToBgrBatch(composite);
    }

    private Mat[] Batched(int count, Func<long, long, Mat[]> run)
    {
        var all = new List<Mat>(count);
        for (int start = 0; start < count; start += BatchSize)
        {
            all.AddRange(run(start, Math.Min(BatchSize, count - start)));
        }

        return [.. all];
    }

    public void Dispose()
    {
        if (_ownsModel)
        {
            Model.Dispose();
        }
    }
}
