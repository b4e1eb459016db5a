using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Segmentation;
using VUnetStream.Render.Data;

namespace VUnetStream.Application.PersonVideo;

/// <summary>How the frames of a person's video become a dataset.</summary>
public sealed record PersonVideoDatasetOptions
{
    /// <summary>The side of the square frames written (the model's side unless a larger model is to be trained on them later).</summary>
    public required int ImageSize { get; init; }

    public int MinJoints { get; init; } = UsableFrame.DefaultMinJoints;

    public double MinPoseChange { get; init; } = PoseChange.DefaultMinChange;

    public PoseEstimatorOptions Estimator { get; init; } = new();

    /// <summary>Frames larger than this are downscaled first, as transfer-video does.</summary>
    public int MaxInputSide { get; init; } = 1920;

    /// <summary>
    /// At most this many frames per second of video are looked at (every 2nd frame of a 30 frames/s video): BlazePose
    /// with its mask is the slow part (~0.35 s per 1080p frame on 2 shared cores), and at 30 frames/s more than half
    /// the frames are near-duplicates of their neighbour anyway (87 of 153 in the first 5 s of a real dance clip).
    /// </summary>
    public double MaxAnalysedRate { get; init; } = 15;

    /// <summary>Every how many frames one is looked at for a video of <paramref name="fps"/> frames/s.</summary>
    public int StrideFor(double fps) => Math.Max(1, (int)Math.Round(fps / MaxAnalysedRate));
}

/// <summary>
/// Writes the training part of a person's video as a dataset the normal trainer reads (the benchmark layout):
/// <c>images/frame_NNNNNN.png</c> (each frame cut to a square around the person the way transfer-video frames the
/// target photo: <see cref="TargetPerson.Frame"/>, head to foot 80 % of the side), <c>masks/</c> (BlazePose's soft
/// person mask cut alike), <c>annotations.csv</c> (the joints in the square) and <c>people.csv</c> (one person, so
/// the trainer can pair each frame with another frame of them). Poses and masks come from one BlazePose pass per frame,
/// tracked from frame to frame as <c>vunet segment</c> does (at most <see cref="PersonVideoDatasetOptions.MaxAnalysedRate"/>
/// frames per second of video). Frames that cannot teach (<see cref="UsableFrame"/>) and
/// near-duplicate poses (<see cref="PoseChange"/>) are left out; frames from the split's held-out start on are never read.
/// </summary>
public static class PersonVideoDataset
{
    public const string Folder = "data";

    /// <summary>The one person id of <c>people.csv</c>.</summary>
    public const string PersonId = "target";

    /// <summary>The image name of frame <paramref name="index"/> (its position in the video).</summary>
    public static string ImageName(int index) => string.Create(CultureInfo.InvariantCulture, $"frame_{index:D6}.png");

    /// <summary>The frame index of an image written here, or null for a name this writer does not make.</summary>
    public static int? FrameIndex(string imageName)
    {
        ArgumentNullException.ThrowIfNull(imageName);
        return imageName.StartsWith("frame_", StringComparison.Ordinal) && imageName.EndsWith(".png", StringComparison.Ordinal)
            && int.TryParse(imageName.AsSpan(6, imageName.Length - 10), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? index : null;
    }

    public static PersonVideoFrames Write(
        string videoPath, PersonVideoSplit split, string dataDir, PersonVideoDatasetOptions options, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        string images = Directory.CreateDirectory(Path.Combine(dataDir, "images")).FullName;
        string masks = Directory.CreateDirectory(Path.Combine(dataDir, PersonMasksFolder)).FullName;
        using VideoSource source = VideoSource.Open(videoPath, options.MaxInputSide);
        // As for vunet segment on video: the detector decides where the person is, never the whole frame.
        using var segmenter = new PersonSegmenter(options.Estimator with { WholeFrameFallback = false });
        var balance = new PoseChange(options.MinPoseChange);
        var entries = new List<(string Name, PersonPose Pose)>();
        int stride = options.StrideFor(source.Info.Fps);
        int read = 0, withoutPerson = 0, unusable = 0, duplicates = 0, appearance = -1;
        foreach (DecodedFrame frame in source.ReadFrames(cancellationToken))
        {
            using (frame)
            {
                if (frame.Index >= split.HoldoutStart)
                {
                    break; // the held-out part is never looked at
                }

                if (frame.Index % stride != 0)
                {
                    continue;
                }

                read++;
                using SegmentedFrame segmented = segmenter.Segment(frame.Image);
                PersonPose pose = segmented.Estimate.HasPerson ? segmented.Estimate.Pose : PersonPose.Empty();
                string? problem = UsableFrame.Problem(pose, segmented.Mask.Area, options.MinJoints);
                if (problem is not null)
                {
                    if (pose.IsEmpty)
                    {
                        withoutPerson++;
                    }
                    else
                    {
                        unusable++;
                    }
                }
                else if (balance.IsNearDuplicate(pose))
                {
                    duplicates++;
                }
                else if (WriteFrame(frame, pose, segmented.Mask, options.ImageSize, images, masks) is PersonPose inSquare)
                {
                    entries.Add((ImageName(frame.Index), inSquare));
                    balance.Keep(pose);
                    appearance = appearance < 0 ? frame.Index : appearance;
                }
                else
                {
                    unusable++;
                }
            }

            progress?.Invoke(frame.Index + 1);
        }

        if (entries.Count == 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"no frame of '{videoPath}' shows a person to learn from: of {read} frames read, {withoutPerson} had no person, {unusable} lacked the torso, " +
                $"{options.MinJoints} confident joints or a person mask; personalize needs a video of one person, full body, in view"));
        }

        BenchmarkCsv.Write(Path.Combine(dataDir, "annotations.csv"), entries);
        Core.IO.AtomicFile.WriteAllText(Path.Combine(dataDir, "people.csv"),
            "image,person\n" + string.Concat(entries.Select(e => $"{e.Name},{PersonId}\n")));
        return new PersonVideoFrames(read, withoutPerson, unusable, duplicates, entries.Count, appearance, clock.Elapsed.TotalSeconds) { Stride = stride };
    }

    private const string PersonMasksFolder = "masks";

    // Writes the frame's square and mask; returns the pose in the square, or null when its torso leaves the square.
    private static PersonPose? WriteFrame(DecodedFrame frame, PersonPose pose, PersonMask mask, int size, string images, string masks)
    {
        using TargetPerson target = TargetPerson.Frame(frame.Image, pose, size, frame.Name);
        // Joints the square cuts off are missing, as the datasets mark joints outside the image.
        PersonPose inSquare = new([.. target.Pose.Joints.Select(k => k.IsPresent && k.X <= size - 1 && k.Y <= size - 1 ? k : Keypoint.Missing)]);
        if (!PoseDataset.TorsoVisible(inSquare))
        {
            return null;
        }

        using Mat squareMask = target.FrameMask(mask.Soft);
        string name = ImageName(frame.Index);
        Save(Path.Combine(images, name), target.Image);
        Save(Path.Combine(masks, name), squareMask);
        return inSquare;
    }

    private static void Save(string path, Mat image)
    {
        if (!Cv2.ImWrite(path, image))
        {
            throw new IOException($"cannot write image '{path}'");
        }
    }
}
