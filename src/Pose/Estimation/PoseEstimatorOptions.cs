namespace VUnetStream.Pose.Estimation;

/// <summary>Settings of the BlazePose estimator.</summary>
public sealed record PoseEstimatorOptions
{
    public BlazePoseModel Model { get; init; } = BlazePoseModel.Full;

    /// <summary>Folder with the model files; null means <see cref="BlazePoseModelFiles.DefaultDirectory"/>.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Joints below this confidence are written as missing (OpenPose's 0,0,0) instead of guessed.</summary>
    public float MinJointConfidence { get; init; } = 0.5f;

    /// <summary>Below this person score the frame has no person, and tracking restarts with the detector.</summary>
    public float MinPersonScore { get; init; } = 0.5f;

    /// <summary>Rotate the tracked region so the body stands upright in it (MediaPipe does); helps with bent or lying poses.</summary>
    public bool RotateRegion { get; init; } = true;

    /// <summary>
    /// When the detector finds nobody, try the whole frame as the person's region. Right for photos a
    /// person fills (dataset crops, where HOG's window cannot fit), but it trusts the network's person
    /// score alone, which some animals also pass; so it is off for video, where the detector decides.
    /// </summary>
    public bool WholeFrameFallback { get; init; }

    /// <summary>
    /// Also read the landmark network's person-mask output (<see cref="PoseEstimate.Segmentation"/>). It comes
    /// from the same forward pass, so pose and mask together cost one network run per region. Off by default
    /// only because copying out 256² logits per run is wasted when no mask is wanted: OpenCV runs the whole
    /// graph either way (forward time with and without this output was the same within the noise here).
    /// </summary>
    public bool Segmentation { get; init; }
}
