using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.Motion;
using VUnetStream.Synth.People;
using VUnetStream.Synth.Rendering;
using VUnetStream.Synth.Stamp;

namespace VUnetStream.Synth.Output;

/// <summary>What <see cref="ClipGenerator.WriteAsync"/> made.</summary>
/// <param name="FramesWithJointsOutOfFrame">Frames in which at least one body joint is outside the picture.</param>
public sealed record ClipResult(string OutDir, int Frames, int Size, double Fps, TimeSpan Elapsed, int FramesWithJointsOutOfFrame);

/// <summary>
/// Writes a synthetic dance clip folder: <c>dancer.mp4</c> (H.264), <c>keypoints/</c> (one OpenPose
/// JSON per frame), <c>person.png</c> (a different person in a neutral A-pose, the target photo),
/// <c>person_keypoints.json</c>, and <c>clip.json</c> (seed, sizes and both people's appearance).
/// The folder is built under a temporary name and only renamed into place when complete.
/// </summary>
public static class ClipGenerator
{
    public const string VideoFile = "dancer.mp4";
    public const string KeypointFolder = "keypoints";
    public const string KeypointStem = "dancer";
    public const string PersonFile = "person.png";
    public const string PersonKeypointsFile = "person_keypoints.json";
    public const string IndexFile = "clip.json";

    /// <summary>The dancer of a clip seed.</summary>
    public static SynthPerson Dancer(int seed, ShirtPattern? pattern = null)
    {
        SynthPerson dancer = SynthPerson.Sample(seed, "dancer", 0);
        return pattern is { } p ? dancer with { Appearance = dancer.Appearance with { ShirtPattern = p } } : dancer;
    }

    /// <summary>The target person of a clip seed: never the dancer's look.</summary>
    public static SynthPerson Target(int seed)
    {
        SynthPerson dancer = Dancer(seed);
        for (int i = 0; ; i++)
        {
            SynthPerson candidate = SynthPerson.Sample(seed, "target", i);
            if (candidate.Appearance.Shirt.DistanceTo(dancer.Appearance.Shirt) > 60 || candidate.Appearance.HairStyle != dancer.Appearance.HairStyle || i > 20)
            {
                return candidate;
            }
        }
    }

    /// <summary>Renders frame <paramref name="index"/> of the clip (without the index stamp).</summary>
    public static RenderedPerson RenderFrame(ClipOptions options, int index, Mat backdrop, Camera backdropCamera)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backdrop);
        ArgumentNullException.ThrowIfNull(backdropCamera);
        SynthPerson dancer = Dancer(options.Seed, options.ShirtPattern);
        var motion = new DanceMotion(options.Seed, options.Seconds);
        var path = new CameraPath(options.Seed, options.Seconds, options.Size, dancer.Body);
        return RenderFrame(dancer, motion, path, index / options.Fps, options.Size, backdrop, backdropCamera);
    }

    public static async Task<ClipResult> WriteAsync(ClipOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        SynthPerson dancer = Dancer(options.Seed, options.ShirtPattern);
        SynthPerson target = Target(options.Seed);
        var motion = new DanceMotion(options.Seed, options.Seconds);
        var path = new CameraPath(options.Seed, options.Seconds, options.Size, dancer.Body);
        int size = options.Size, frames = options.FrameCount;

        using StagedDirectory staged = StagedDirectory.Begin(options.OutDir, options.Overwrite);
        string keypointDir = Path.Combine(staged.StagingPath, KeypointFolder);
        Directory.CreateDirectory(keypointDir);

        (Mat backdrop, Camera backdropCamera) = Backdrop(dancer.Appearance, path, size);
        int withMissing = 0;
        using (backdrop)
        {
            await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(
                Path.Combine(staged.StagingPath, VideoFile),
                new VideoEncodeOptions { Width = size, Height = size, Fps = options.Fps });
            var buffer = new byte[size * size * 3];
            for (int i = 0; i < frames; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using RenderedPerson frame = RenderFrame(dancer, motion, path, i / options.Fps, size, backdrop, backdropCamera);
                if (options.StampIndex)
                {
                    FrameIndexStamp.Draw(frame.Image, i);
                }

                Marshal.Copy(frame.Image.Data, buffer, 0, buffer.Length);
                await writer.WriteFrameAsync(buffer, cancellationToken).ConfigureAwait(false);
                OpenPoseJson.Write(Path.Combine(keypointDir, OpenPoseJson.FrameFileName(KeypointStem, i)), [frame.Keypoints]);
                withMissing += BodyJointOutOfFrame(frame.Keypoints) ? 1 : 0;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        using (RenderedPerson person = StillRenderer.Render(target.Appearance, target.Body, BodyPose.APose, size))
        {
            WritePng(Path.Combine(staged.StagingPath, PersonFile), person.Image);
            OpenPoseJson.Write(Path.Combine(staged.StagingPath, PersonKeypointsFile), [person.Keypoints]);
        }

        AtomicFile.WriteAllText(Path.Combine(staged.StagingPath, IndexFile), IndexJson(options, frames, dancer, target));
        staged.Commit();
        return new ClipResult(staged.FinalPath, frames, size, options.Fps, clock.Elapsed, withMissing);
    }

    /// <summary>
    /// The dancer's backdrop painted once, twice the frame size, for the reference camera; each frame
    /// warps it to that frame's camera so the background moves with pans and zooms.
    /// </summary>
    public static (Mat Backdrop, Camera Camera) Backdrop(Appearance look, CameraPath path, int size)
    {
        ArgumentNullException.ThrowIfNull(look);
        ArgumentNullException.ThrowIfNull(path);
        Camera reference = path.Reference with { CenterX = size - 0.5, CenterY = size - 0.5 };
        return (BackgroundPainter.Paint(look.Background, 2 * size, 2 * size, reference.Scale), reference);
    }

    private static RenderedPerson RenderFrame(SynthPerson dancer, DanceMotion motion, CameraPath path, double seconds, int size,
        Mat backdrop, Camera backdropCamera)
    {
        BodyPose pose = motion.At(seconds);
        Skeleton world = BodyKinematics.Solve(dancer.Body, pose);
        Camera camera = path.At(seconds, pose.RootX);

        // World → backdrop pixels → frame pixels: an affine map with uniform scale k.
        double k = camera.Scale / backdropCamera.Scale;
        double tx = camera.CenterX + camera.Scale * (backdropCamera.FocusX - camera.FocusX) - k * backdropCamera.CenterX;
        double ty = camera.CenterY + camera.Scale * (backdropCamera.FocusY - camera.FocusY) - k * backdropCamera.CenterY;
        using var map = Mat.FromPixelData(2, 3, MatType.CV_64FC1, new[] { k, 0, tx, 0, k, ty });
        using var background = new Mat();
        Cv2.WarpAffine(backdrop, background, map, new Size(size, size), InterpolationFlags.Linear, BorderTypes.Reflect101);
        return PersonRenderer.Render(dancer.Appearance, world.Project(camera), background);
    }

    /// <summary>Whether a neck, shoulder, arm, hip or leg joint is missing (these go missing only by leaving the frame).</summary>
    public static bool BodyJointOutOfFrame(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        for (int j = (int)Coco18.Neck; j <= (int)Coco18.LAnkle; j++)
        {
            if (!pose[j].IsPresent)
            {
                return true;
            }
        }

        return false;
    }

    internal static void WritePng(string path, Mat image)
    {
        Cv2.ImEncode(".png", image, out byte[] png);
        AtomicFile.WriteAllBytes(path, png);
    }

    private static string IndexJson(ClipOptions options, int frames, SynthPerson dancer, SynthPerson target)
    {
        var root = new JsonObject
        {
            ["generator"] = GeneratorInfo.Name,
            ["generator_version"] = GeneratorInfo.Version,
            ["seed"] = options.Seed,
            ["duration"] = options.Seconds,
            ["frame_rate"] = options.Fps,
            ["frames"] = frames,
            ["size"] = options.Size,
            ["stamp_index"] = options.StampIndex,
            ["video"] = VideoFile,
            ["keypoints"] = $"{KeypointFolder}/{OpenPoseJson.FrameFileName(KeypointStem, 0)} … (COCO-18; missing = 0,0,0; self-occluded confidence 0.5)",
            ["person"] = PersonFile,
            ["person_keypoints"] = PersonKeypointsFile,
            ["dancer_appearance"] = AppearanceJson(dancer.Appearance),
            ["person_appearance"] = AppearanceJson(target.Appearance),
            [MeasurementReport.UnitsKey] = new JsonObject { ["duration"] = "s", ["frame_rate"] = "frames/s", ["frames"] = "frames", ["size"] = "px" },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    internal static JsonObject AppearanceJson(Appearance look)
    {
        var o = new JsonObject();
        IReadOnlyList<string> fields = look.CsvFields();
        for (int i = 0; i < fields.Count; i++)
        {
            o[Appearance.CsvColumns[i]] = fields[i];
        }

        return o;
    }
}
