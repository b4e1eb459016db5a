namespace VUnetStream.Core.Keypoints;

/// <summary>
/// How well a pose estimator finds the intended pose again in a set of images (generated ones, or a
/// baseline): <see cref="Images"/> scored, <see cref="Detected"/> of them with a person found, and the mean
/// distance of the detected joints to the target pose over the joints present in both, in pixels of the
/// images and as a fraction of the target's body height.
/// </summary>
public sealed record RedetectionScore(int Images, int Detected, double MeanError, double MeanErrorHeightFraction)
{
    /// <summary>Share of the images in which a person was found (NaN for no images).</summary>
    public double Rate => Images == 0 ? double.NaN : (double)Detected / Images;
}
