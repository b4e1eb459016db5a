using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// One generated image and the ground truth it is scored against, at the model size: 8-bit BGR images,
/// the truth's pose in that square, the truth's person mask (8-bit, or null when the dataset has none)
/// and the person the truth shows. Owns its images.
/// </summary>
internal sealed class ScoredImage : IDisposable
{
    public ScoredImage(Mat truth, Mat output, PersonPose pose, Mat? mask, string person)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pose);
        ArgumentException.ThrowIfNullOrEmpty(person);
        if (truth.Size() != output.Size() || truth.Type() != MatType.CV_8UC3 || output.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException(
                $"truth and output must be 8-bit BGR images of one size, got {truth.Cols}x{truth.Rows} {truth.Type()} and {output.Cols}x{output.Rows} {output.Type()}");
        }

        Truth = truth;
        Output = output;
        Pose = pose;
        Mask = mask;
        Person = person;
    }

    public Mat Truth { get; }

    public Mat Output { get; }

    public PersonPose Pose { get; }

    public Mat? Mask { get; }

    public string Person { get; }

    public void Dispose()
    {
        Truth.Dispose();
        Output.Dispose();
        Mask?.Dispose();
    }
}
