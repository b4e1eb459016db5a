using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Data;

/// <summary>
/// A batch in the model's input format: images x [N, 3, S, S], stickmen ŷ [N, 3, S, S] and part crops
/// [N, 24, S/2^bf, S/2^bf], all in [−1, 1] on the CPU, plus the square images and poses they came from.
/// Owns its tensors and images.
/// </summary>
public sealed class ModelInputs : IDisposable
{
    private ModelInputs(Tensor images, Tensor stickmen, Tensor crops, Tensor? masks, IReadOnlyList<PoseSample> samples, Mat[] squares, PersonPose[] poses)
    {
        Masks = masks;
        Images = images;
        Stickmen = stickmen;
        Crops = crops;
        Samples = samples;
        SquareImages = squares;
        Poses = poses;
    }

    public Tensor Images { get; }

    public Tensor Stickmen { get; }

    public Tensor Crops { get; }

    /// <summary>The person mattes [N, 1, S, S] in [0, 1] when every sample has one (synthetic data), else null.</summary>
    public Tensor? Masks { get; }

    public IReadOnlyList<PoseSample> Samples { get; }

    /// <summary>The inputs as 8-bit BGR squares of the model size (for grids and metrics).</summary>
    public IReadOnlyList<Mat> SquareImages { get; }

    /// <summary>The poses in the coordinates of <see cref="SquareImages"/>.</summary>
    public IReadOnlyList<PersonPose> Poses { get; }

    public int Count => Samples.Count;

    /// <summary>
    /// Reads, squares and converts <paramref name="samples"/> (CPU work: decode, draw, warp). With
    /// <paramref name="appearance"/> (one per sample), item i's part crops come from appearance[i] instead of
    /// samples[i] (training with <c>appearance_from: same_person</c>); images, stickmen and masks stay the samples'.
    /// </summary>
    public static ModelInputs Load(IReadOnlyList<PoseSample> samples, int size, int boxFactor, IReadOnlyList<PoseSample>? appearance = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one sample", nameof(samples));
        }

        if (appearance is not null && appearance.Count != samples.Count)
        {
            throw new ArgumentException($"{samples.Count} samples but {appearance.Count} appearance sources", nameof(appearance));
        }

        var squares = new Mat[samples.Count];
        var poses = new PersonPose[samples.Count];
        var sources = new (Mat Image, PersonPose Pose)[samples.Count];
        var ownSources = new List<Mat>();
        try
        {
            for (int i = 0; i < samples.Count; i++)
            {
                (squares[i], poses[i]) = PreparedSample.Load(samples[i], size);
            }

            for (int i = 0; i < samples.Count; i++)
            {
                PoseSample? from = appearance?[i];
                if (from is null || ReferenceEquals(from, samples[i]))
                {
                    sources[i] = (squares[i], poses[i]);
                    continue;
                }

                (Mat image, PersonPose pose) = PreparedSample.Load(from, size);
                ownSources.Add(image);
                sources[i] = (image, pose);
            }

            Tensor? masks = samples.All(s => s.MaskPath is not null) ? LoadMasks(samples, size) : null;
            return Build(samples, squares, poses, sources, boxFactor, masks);
        }
        catch
        {
            foreach (Mat? m in squares)
            {
                m?.Dispose();
            }

            throw;
        }
        finally
        {
            ownSources.ForEach(m => m.Dispose());
        }
    }

    /// <summary>Builds the tensors from already-squared images (takes ownership of <paramref name="squares"/>).</summary>
    public static ModelInputs FromSquares(IReadOnlyList<PoseSample> samples, Mat[] squares, PersonPose[] poses, int boxFactor, Tensor? masks = null)
    {
        ArgumentNullException.ThrowIfNull(squares);
        ArgumentNullException.ThrowIfNull(poses);
        return Build(samples, squares, poses, squares.Zip(poses).ToArray(), boxFactor, masks);
    }

    // The crops come from cropSources (the squares themselves unless another image lends its appearance).
    private static ModelInputs Build(IReadOnlyList<PoseSample> samples, Mat[] squares, PersonPose[] poses, (Mat Image, PersonPose Pose)[] cropSources, int boxFactor, Tensor? masks)
    {
        int size = squares[0].Cols;
        // Tensors are created without a dispose scope: this may run on the loader thread, and the
        // consumer (another thread) owns and disposes them.
        Tensor images = ImageTensors.FromBgrBatch(squares);
        Tensor stickmen = Stickman.ToTensorBatch(poses, size, size);
        Tensor crops = PartCrops.ExtractBatch(cropSources, boxFactor);
        return new ModelInputs(images, stickmen, crops, masks, samples, squares, poses);
    }

    private static Tensor LoadMasks(IReadOnlyList<PoseSample> samples, int size)
    {
        var values = new float[samples.Count * size * size];
        var row = new byte[size * size];
        for (int i = 0; i < samples.Count; i++)
        {
            using Mat mask = PersonMasks.LoadSquare(samples[i].MaskPath!, samples[i].ImagePath, size);
            // LoadSquare returns a Mat it made (padded or resized), so it is continuous: one copy reads it.
            System.Runtime.InteropServices.Marshal.Copy(mask.Data, row, 0, row.Length);
            for (int j = 0; j < row.Length; j++)
            {
                values[i * row.Length + j] = row[j] / 255f;
            }
        }

        return tensor(values, [samples.Count, 1, size, size], ScalarType.Float32);
    }

    /// <summary>The stickman of item <paramref name="index"/> as a BGR picture (right limbs red, left green, torso blue).</summary>
    public Mat StickmanPicture(int index)
    {
        int size = SquareImages[index].Cols;
        using Mat stickman = Stickman.Draw(Poses[index], size, size);
        return Stickman.ToDisplayBgr(stickman);
    }

    public void Dispose()
    {
        Images.Dispose();
        Stickmen.Dispose();
        Crops.Dispose();
        Masks?.Dispose();
        foreach (Mat m in SquareImages)
        {
            m.Dispose();
        }
    }
}
