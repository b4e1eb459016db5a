using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pipeline.Backgrounds;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Pose.Segmentation;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Data;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// <c>vunet eval-video</c>: self-reenactment on a person's own video, a quality number measured on real frames nobody
/// here made. The last part of the video (the split <c>personalize</c> recorded for the model, else
/// <see cref="EvalVideoRequest.Holdout"/>) is never trained on; each of its frames is re-rendered from its own pose
/// (BlazePose, tracked, as personalize reads the training part) with the person's look — z encoded once from the first
/// usable frame of the training part, the frame personalize's data starts with — framed as the training frames were
/// (<see cref="TargetPerson.Frame"/>), put back where the person stands on the video's own clean plate
/// (<see cref="VideoCleanPlate"/>, <see cref="PlacedComposite"/>), and scored against the real frame
/// (<see cref="SelfReenactmentScores"/>) at the video's aspect, at most <see cref="EvalVideoRequest.MaxHeight"/> high.
/// Held-out frames without a torso cannot be drawn as a stickman: they show the plate in the side-by-side and are not scored.
/// </summary>
public static class SelfReenactment
{
    public static async Task<MeasurementReport> RunAsync(EvalVideoRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxHeight < 32)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the scoring height must be at least 32 px, got {request.MaxHeight}"));
        }

        if (request.Holdout is double holdout && !(holdout > 0 && holdout < 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--holdout must be a fraction of the video between 0 and 1 (both excluded), got {holdout}"));
        }

        var clock = Stopwatch.StartNew();
        Checkpoint checkpoint = ModelLoader.Resolve(request.Checkpoint);
        PersonalizeManifest? manifest = request.Checkpoint is null ? null : PersonalizeManifest.FindFor(request.Checkpoint);
        (VideoIdentity video, PersonVideoSplit split) = VideoPersonalizer.Inspect(request.VideoPath, 0, request.MaxInputSide, cancellationToken);
        split = SplitFor(request, manifest, video, split.Frames);
        int minJoints = manifest?.MinJoints ?? UsableFrame.DefaultMinJoints;
        if (request.SideBySide is not null)
        {
            // The side-by-side is encoded at one constant rate, as every video this program writes.
            FrameTiming.ThrowIfVariable(request.VideoPath, video.Fps);
        }

        TorchSharp.torch.set_num_threads(request.Threads > 0 ? request.Threads : Environment.ProcessorCount);
        using VideoSource source = VideoSource.Open(request.VideoPath, request.MaxInputSide);
        Size panel = ScenePanel.For(source.Info.Width, source.Info.Height, Math.Min(source.Info.Height, request.MaxHeight) / 2 * 2);
        Similarity frameToPanel = ScenePanel.Resize(source.Info.Height, panel.Height);
        using VUnet model = ModelLoader.Load(checkpoint);
        if (!model.Config.OutputAlpha)
        {
            request.Notice?.Invoke("this model has no alpha output: its whole square (the person on its own background) is pasted onto the plate");
        }

        using var segmenter = new PersonSegmenter(request.Estimator with { WholeFrameFallback = false });
        (CleanPlate plate, CameraMotion motion) = VideoCleanPlate.Build(request.VideoPath, panel, segmenter, cancellationToken);
        using (plate)
        using (var redetection = new Redetection(request.Estimator))
        {
            if (motion.Moved)
            {
                request.Notice?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"the camera moves in '{request.VideoPath}' (the sampled frames differ from their median by {motion.MedianDifference:0.0} levels outside the person): the clean plate does not fit every frame, so the whole-frame scores mix in that misfit; the person-box scores are less affected"));
            }

            var scores = new SelfReenactmentScores();
            var run = new HeldOutRun(model, checkpoint.Config.Model.ImageSize, plate.Image, frameToPanel, panel);
            SideBySideVideo? sideBySide = request.SideBySide is null ? null : SideBySideVideo.Start(request.SideBySide, panel, source.Info.Fps, request.Overwrite);
            ConsoleProgress? bar = request.Progress is null ? null : new ConsoleProgress("frames", split.Frames, request.InteractiveProgress ? null : request.Progress);
            try
            {
                segmenter.Reset();
                foreach (DecodedFrame frame in source.ReadFrames(cancellationToken))
                {
                    using (frame)
                    {
                        if (frame.Index < split.HoldoutStart)
                        {
                            if (!run.HasAppearance)
                            {
                                using SegmentedFrame segmented = segmenter.Segment(frame.Image);
                                run.TryAppearance(frame, segmented, minJoints);
                            }
                        }
                        else
                        {
                            if (!run.HasAppearance)
                            {
                                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                                    $"no frame before the held-out part of '{request.VideoPath}' (frames 0-{split.HoldoutStart - 1}) shows a person with a torso, {minJoints} confident joints and a mask to take the look from"));
                            }

                            if (frame.Index == split.HoldoutStart)
                            {
                                segmenter.Reset(); // the training part was skipped once the look was found: start the tracking afresh
                            }

                            using SegmentedFrame segmented = segmenter.Segment(frame.Image);
                            using Mat real = ScenePanel.Fit(frame.Image, panel);
                            using Mat generated = run.Render(frame, segmented, real, scores, redetection.Detect);
                            if (sideBySide is not null)
                            {
                                await sideBySide.WriteAsync(real, generated, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }

                    bar?.Report(frame.Index + 1);
                }

                if (run.HeldOutFrames == 0)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"'{request.VideoPath}' ended before its held-out part (frame {split.HoldoutStart} of the {split.Frames} announced)"));
                }

                if (sideBySide is not null)
                {
                    await sideBySide.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                bar?.Finish();
                if (sideBySide is not null)
                {
                    await sideBySide.DisposeAsync().ConfigureAwait(false);
                }

                run.Dispose();
            }

            var report = new MeasurementReport($"eval-video: self-reenactment of the held-out frames of {Path.GetFileName(request.VideoPath)} (model step {checkpoint.Step})");
            report.Add("holdout", split.Holdout, "", manifest is null ? "the held-out share of the video (--holdout)" : "the held-out share of the video (the model's own split, personalize.json)")
                .Add("holdout_start_frame", split.HoldoutStart, "", "the first held-out frame (frames before it may be trained on)")
                .Add("holdout_frames", run.HeldOutFrames, "", "held-out frames read")
                .Add("scored_frames", scores.Frames, "", "held-out frames with a torso to render and score")
                .Add("appearance_frame", run.AppearanceFrame, "", "the training-part frame the look (z) was encoded from")
                .Add("eval_width", panel.Width, "px", "frames are scored at this size")
                .Add("eval_height", panel.Height, "px", "")
                .Add("plate_hole_fraction", plate.HoleFraction, "", "share of the clean plate behind the person in every sample (inpainted)")
                .Add("camera_motion", motion.MedianDifference, "0-255", $"median difference of the samples to the plate outside the person (above {motion.Threshold:0}: a moving camera)");
            scores.Report(report);
            report.Add("duration", clock.Elapsed.TotalSeconds, "s", "wall time");
            return report;
        }
    }

    /// <summary>The report's measures as a table: model | clean plate | appearance frame copied | real frame.</summary>
    public static string ComparisonTable(MeasurementReport report) => SelfReenactmentScores.ComparisonTable(report);

    /// <summary>The split to score: the model's own when it comes from personalize (checked against the video), else --holdout.</summary>
    internal static PersonVideoSplit SplitFor(EvalVideoRequest request, PersonalizeManifest? manifest, VideoIdentity video, int frames)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (manifest is null)
        {
            return PersonVideoSplit.Of(frames, request.Holdout ?? EvalVideoRequest.DefaultHoldout, needHoldout: true);
        }

        if (manifest.Video.Mismatch(video) is string why)
        {
            throw new InvalidDataException($"--checkpoint {request.Checkpoint} was personalised on another video: {why}");
        }

        if (manifest.Split.HoldoutFrames <= 0)
        {
            throw new InvalidDataException(
                $"--checkpoint {request.Checkpoint} was personalised on every frame of this video (no --holdout), so no frame is unseen; personalise with --holdout 0.3 to evaluate it");
        }

        if (request.Holdout is double holdout && Math.Abs(holdout - manifest.Split.Holdout) > 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--holdout {holdout} differs from the split the model was personalised with ({manifest.Split.Holdout}, frames {manifest.Split.HoldoutStart} on); leave --holdout out to use it"));
        }

        return manifest.Split;
    }

    /// <summary>The state of one evaluation: the look once found, then each held-out frame rendered, composited and scored (the model stays the caller's).</summary>
    private sealed class HeldOutRun(VUnet model, int modelSize, Mat plate, Similarity frameToPanel, Size panel) : IDisposable
    {
        private VUnetFrameRenderer? _renderer;
        private Mat? _appearanceCopy;

        public bool HasAppearance => _renderer is not null;

        public int AppearanceFrame { get; private set; } = -1;

        public int HeldOutFrames { get; private set; }

        /// <summary>Takes the look from this training-part frame when it is usable (as personalize judges frames).</summary>
        public void TryAppearance(DecodedFrame frame, SegmentedFrame segmented, int minJoints)
        {
            PersonPose pose = segmented.Estimate.HasPerson ? segmented.Estimate.Pose : PersonPose.Empty();
            if (UsableFrame.Problem(pose, segmented.Mask.Area, minJoints) is not null)
            {
                return;
            }

            using TargetPerson target = TargetPerson.Frame(frame.Image, pose, modelSize, frame.Name);
            // A placed background keeps the model's alpha, so the person can be put onto the plate where they stand.
            _renderer = new VUnetFrameRenderer(model, target.Image, target.Pose, TorchSharp.torch.CPU, RenderBackground.Dancer, ownsModel: false);
            _appearanceCopy = ScenePanel.Fit(frame.Image, panel);
            AppearanceFrame = frame.Index;
        }

        /// <summary>The generated frame for a held-out frame (the plate alone when it has no torso); scores it when it has one.</summary>
        public Mat Render(DecodedFrame frame, SegmentedFrame segmented, Mat real, SelfReenactmentScores scores, Func<Mat, PersonPose> detect)
        {
            HeldOutFrames++;
            Mat generated = plate.Clone();
            PersonPose pose = segmented.Estimate.HasPerson ? segmented.Estimate.Pose : PersonPose.Empty();
            if (!PoseDataset.TorsoVisible(pose))
            {
                return generated;
            }

            using (TargetPerson target = TargetPerson.Frame(frame.Image, pose, modelSize, frame.Name))
            using (Mat stickman = Stickman.Draw(target.Pose, modelSize, modelSize))
            {
                Mat rendered = _renderer!.RenderBatch([stickman])[0];
                using Mat person = WithAlpha(rendered);
                PlacedComposite.Over(generated, person, target.PhotoToSquare.Inverse().Then(frameToPanel));
            }

            using Mat mask = ScenePanel.Fit(segmented.Mask.Soft, panel);
            PersonPose inPanel = pose.Transform(frameToPanel.Scale, frameToPanel.OffsetX, frameToPanel.OffsetY);
            scores.Add(real, mask, inPanel, [generated, plate, _appearanceCopy!], detect);
            return generated;
        }

        // BGRA as the renderer gives it for an alpha model; a 3-channel model's BGR square becomes opaque BGRA.
        private static Mat WithAlpha(Mat rendered)
        {
            if (rendered.Type() == MatType.CV_8UC4)
            {
                return rendered;
            }

            using (rendered)
            {
                var bgra = new Mat();
                Cv2.CvtColor(rendered, bgra, ColorConversionCodes.BGR2BGRA);
                return bgra;
            }
        }

        public void Dispose()
        {
            _renderer?.Dispose();
            _appearanceCopy?.Dispose();
        }
    }
}
