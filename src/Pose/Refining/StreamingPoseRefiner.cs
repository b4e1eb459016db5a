using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Refining;

/// <summary>
/// The streaming pose refinement of a job: temporal filtering (gap filling + One-Euro or median), then
/// retargeting onto the target person, whose pose is given in the model's square image. Retargeting is
/// fitted on a calibration window at the start of the clip (the frames wait meanwhile); if the window has
/// no frame showing head and feet it grows up to <c>maxCalibrationFrames</c>, after which the dancer's
/// frame is simply fitted into the model square (and <see cref="Notice"/> says so). Retargeted poses
/// are then kept inside the square horizontally (<see cref="SquareContainment"/>). The pose command uses
/// the filtering alone (<see cref="InFramePixels"/>), so both filter a clip alike.
/// </summary>
public sealed class StreamingPoseRefiner : IPoseRefiner
{
    private readonly TemporalPoseFilter? _filter;
    private readonly RetargetMode _mode;
    private readonly PersonPose? _target;
    private readonly int _calibrationFrames;
    private readonly int _maxCalibrationFrames;
    private readonly Func<PersonPose, PersonPose> _letterbox;
    private readonly Similarity? _letterboxTransform;
    private readonly SquareContainment? _containment;
    private readonly List<(int Index, PersonPose Pose)> _calibration = [];
    private Func<PersonPose, PersonPose>? _map;

    /// <summary>
    /// The pipeline's refiner: poses end in the model's square image (<paramref name="modelSize"/>), the
    /// <paramref name="frameWidth"/>×<paramref name="frameHeight"/> frame fitted into it, retargeted onto
    /// <paramref name="targetInModel"/> unless <paramref name="mode"/> is off.
    /// </summary>
    public StreamingPoseRefiner(
        TemporalFilterOptions? filter,
        double fps,
        RetargetMode mode,
        PersonPose? targetInModel,
        int frameWidth,
        int frameHeight,
        int modelSize,
        int calibrationFrames,
        int maxCalibrationFrames)
        : this(filter, fps, mode, targetInModel, Letterbox(frameWidth, frameHeight, modelSize), new SquareContainment(modelSize, targetInModel),
            calibrationFrames, maxCalibrationFrames)
    {
        _letterboxTransform = LetterboxTransform(frameWidth, frameHeight, modelSize);
        if (mode == RetargetMode.Off)
        {
            FrameToSquare = _letterboxTransform;
        }
    }

    private StreamingPoseRefiner(
        TemporalFilterOptions? filter,
        double fps,
        RetargetMode mode,
        PersonPose? target,
        Func<PersonPose, PersonPose> letterbox,
        SquareContainment? containment,
        int calibrationFrames,
        int maxCalibrationFrames)
    {
        _filter = filter is null ? null : new TemporalPoseFilter(filter, fps);
        _mode = mode;
        _target = target;
        _calibrationFrames = Math.Max(1, calibrationFrames);
        _maxCalibrationFrames = Math.Max(_calibrationFrames, maxCalibrationFrames);
        _letterbox = letterbox;
        _containment = containment;
        if (mode == RetargetMode.Off)
        {
            _map = _letterbox;
        }
    }

    /// <summary>
    /// Temporal filtering alone, the poses staying in the frame's pixels (the pose command's refiner; it
    /// retargets afterwards, fitted on the whole clip). Without <paramref name="filter"/> every pose passes as is.
    /// </summary>
    public static StreamingPoseRefiner InFramePixels(TemporalFilterOptions? filter, double fps) =>
        new(filter, fps, RetargetMode.Off, target: null, letterbox: p => p, containment: null, calibrationFrames: 1, maxCalibrationFrames: 1);

    /// <summary>Set when retargeting fell back to fitting the frame into the model square.</summary>
    public string? Notice { get; private set; }

    /// <summary>
    /// How the dancer frame's pixels map into the model's square before any per-frame shift: the global
    /// placement's scale and its reference translation (without <see cref="SquareContainment"/>'s sideways
    /// shift), or the letterbox fit. Null until calibrated (and for <see cref="InFramePixels"/>). Set before the
    /// first frame is released, so whoever reads released frames sees it.
    /// </summary>
    public Similarity? FrameToSquare { get; private set; }

    /// <summary>The fitted retargeting (null until calibrated, or with mode off).</summary>
    public PoseRetargeter? Retargeter { get; private set; }

    public IEnumerable<(int Index, PersonPose Pose)> Push(int index, PersonPose pose)
    {
        IEnumerable<PoseFrame> filtered = _filter is null ? [new PoseFrame(index, "", pose)] : _filter.Push(new PoseFrame(index, "", pose));
        return Map(filtered, final: false);
    }

    public IEnumerable<(int Index, PersonPose Pose)> Complete()
    {
        IEnumerable<PoseFrame> rest = _filter?.Complete() ?? [];
        return Map(rest, final: true);
    }

    private List<(int Index, PersonPose Pose)> Map(IEnumerable<PoseFrame> frames, bool final)
    {
        var released = new List<(int, PersonPose)>();
        foreach (PoseFrame frame in frames)
        {
            if (_map is not null)
            {
                released.Add((frame.Index, _map(frame.Pose)));
            }
            else
            {
                _calibration.Add((frame.Index, frame.Pose));
                if (_calibration.Count >= _calibrationFrames)
                {
                    TryCalibrate(force: _calibration.Count >= _maxCalibrationFrames, released);
                }
            }
        }

        if (final && _map is null && _calibration.Count > 0)
        {
            TryCalibrate(force: true, released);
        }

        return released;
    }

    private void TryCalibrate(bool force, List<(int, PersonPose)> released)
    {
        try
        {
            PoseRetargeter fitted = PoseRetargeter.Fit(_mode, _calibration.Select(c => c.Pose).ToArray(), _target);
            PoseRetargeter retargeter = _containment is null ? fitted : fitted.KeepingInside(_containment);
            Retargeter = retargeter;
            FrameToSquare = retargeter.Placement is GlobalPlacement p
                ? new Similarity(p.Scale, p.TargetCentreX - p.Scale * p.DancerCentreX, p.TargetFootLine - p.Scale * p.DancerFootLine)
                : _letterboxTransform;
            _map = retargeter.Apply;
        }
        catch (InvalidDataException ex) when (force)
        {
            Notice = $"retargeting fell back to fitting the frame into the model image: {ex.Message}";
            FrameToSquare = _letterboxTransform;
            _map = _letterbox;
        }
        catch (InvalidDataException)
        {
            return; // Keep collecting: a later frame may show the dancer's whole body.
        }

        released.AddRange(_calibration.Select(c => (c.Index, _map(c.Pose))));
        _calibration.Clear();
    }

    // The frame fitted, centred, into the model's square.
    private static Func<PersonPose, PersonPose> Letterbox(int frameWidth, int frameHeight, int modelSize)
    {
        Similarity t = LetterboxTransform(frameWidth, frameHeight, modelSize);
        return p => p.Transform(t.Scale, t.OffsetX, t.OffsetY);
    }

    private static Similarity LetterboxTransform(int frameWidth, int frameHeight, int modelSize)
    {
        float scale = (float)modelSize / Math.Max(frameWidth, frameHeight);
        return new Similarity(scale, (modelSize - frameWidth * scale) / 2, (modelSize - frameHeight * scale) / 2);
    }
}
