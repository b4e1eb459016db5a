using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;

namespace VUnetStream.Render.Data;

/// <summary>
/// The exact person masks of a split written by <c>vunet synth dataset</c>: <c>masks/NAME</c> for the
/// images and <c>target_masks/NAME</c> for the transfer targets in <c>targets/</c> (8-bit single-channel
/// PNG of the image's size, 0 = background, 255 = person, soft at the edges).
/// </summary>
internal static class PersonMasks
{
    public const string ImageFolder = "masks";
    public const string TargetFolder = "target_masks";

    /// <summary>The mask folder for the split's images, or null when the split has none.</summary>
    public static string? ImageMasks(string splitRoot) => Existing(Path.Combine(splitRoot, ImageFolder));

    /// <summary>
    /// The mask folder for the targets of <paramref name="triples"/>: target_masks/ for transfer.csv rows,
    /// masks/ for pairs.csv rows (whose targets are dataset images); null when it does not exist.
    /// </summary>
    public static string? TargetMasks(string splitRoot, IReadOnlyList<TransferTriple> triples)
    {
        ArgumentNullException.ThrowIfNull(triples);
        bool pairs = triples.Count > 0 && triples[0].TargetName is null;
        return Existing(Path.Combine(splitRoot, pairs ? ImageFolder : TargetFolder));
    }

    /// <summary>The mask file of a transfer target, in the folder from <see cref="TargetMasks"/>.</summary>
    public static string TargetMaskPath(string folder, TransferTriple triple)
    {
        ArgumentNullException.ThrowIfNull(triple);
        return Path.Combine(folder, triple.TargetName ?? triple.Pose.Name);
    }

    /// <summary>
    /// Reads the mask at <paramref name="maskPath"/> of the image at <paramref name="imagePath"/> and brings
    /// it into the model's square of side <paramref name="size"/> exactly as <see cref="PreparedSample.ToSquare"/>
    /// brings the image there (centred padding, then area resize), except that the padding is background
    /// instead of replicated border. A mask of another size than its image is an error: it would not line up.
    /// </summary>
    public static Mat LoadSquare(string maskPath, string imagePath, int size)
    {
        using Mat raw = Cv2.ImRead(maskPath, ImreadModes.Grayscale);
        if (raw.Empty())
        {
            throw new InvalidDataException($"{maskPath}: person mask missing or not decodable (its folder exists, so every image needs one)");
        }

        using (Mat image = Cv2.ImRead(imagePath, ImreadModes.Unchanged))
        {
            if (raw.Cols != image.Cols || raw.Rows != image.Rows)
            {
                throw new InvalidDataException($"{maskPath}: mask is {raw.Cols}x{raw.Rows}, its image {imagePath} {image.Cols}x{image.Rows}");
            }
        }

        (Mat square, _, _) = SquarePad.Apply(raw, PersonPose.Empty(), BorderTypes.Constant, Scalar.All(0));
        if (square.Cols == size)
        {
            return square;
        }

        using (square)
        {
            var resized = new Mat();
            Cv2.Resize(square, resized, new Size(size, size), 0, 0, square.Cols > size ? InterpolationFlags.Area : InterpolationFlags.Linear);
            return resized;
        }
    }

    private static string? Existing(string folder) => Directory.Exists(folder) ? folder : null;
}
