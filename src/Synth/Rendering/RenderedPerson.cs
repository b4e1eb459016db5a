using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Body;

namespace VUnetStream.Synth.Rendering;

/// <summary>
/// One rendered image of a person with its exact ground truth: the body mask and its soft matte, a part label per pixel,
/// and the COCO-18 keypoints.
/// </summary>
public sealed class RenderedPerson : IDisposable
{
    internal RenderedPerson(Mat image, Mat mask, Mat matte, Mat parts, PersonPose keypoints, bool[] selfOccluded, Skeleton skeleton)
    {
        Image = image;
        Mask = mask;
        Matte = matte;
        Parts = parts;
        Keypoints = keypoints;
        SelfOccluded = selfOccluded;
        Skeleton = skeleton;
    }

    /// <summary>The picture, 8-bit BGR.</summary>
    public Mat Image { get; }

    /// <summary>255 where the person covers at least half the pixel, else 0.</summary>
    public Mat Mask { get; }

    /// <summary>The person's coverage of each pixel, 0–255 (soft at the anti-aliased edges): the alpha a model learns.</summary>
    public Mat Matte { get; }

    /// <summary>The front-most <see cref="BodyPart"/> per pixel (8-bit).</summary>
    public Mat Parts { get; }

    /// <summary>
    /// Keypoints in pixels. Missing (−1, confidence 0): outside the image, or a face point turned away
    /// from the camera. Self-occluded joints (another body part in front) stay present with confidence
    /// 0.5, like OpenPose usually still predicts them; seen joints have confidence 1.
    /// </summary>
    public PersonPose Keypoints { get; }

    /// <summary>Per COCO-18 joint: present, but another body part is in front of it.</summary>
    public IReadOnlyList<bool> SelfOccluded { get; }

    /// <summary>The skeleton in this image's pixel coordinates.</summary>
    public Skeleton Skeleton { get; }

    public void Dispose()
    {
        Image.Dispose();
        Mask.Dispose();
        Matte.Dispose();
        Parts.Dispose();
    }
}
