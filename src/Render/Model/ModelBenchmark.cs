using System.Diagnostics;
using TorchSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>Settings of one <c>vunet bench model</c> run.</summary>
public sealed record ModelBenchmarkSettings
{
    public IReadOnlyList<int> RenderBatches { get; init; } = [1, 4, 8];

    /// <summary>Minimum wall time per timed measurement (after one warm-up call).</summary>
    public double SecondsPerMeasurement { get; init; } = 3.0;

    public int TrainBatch { get; init; } = 8;

    public int TrainSteps { get; init; } = 2;

    public BFloat16Mode BFloat16 { get; init; } = BFloat16Mode.Auto;

    /// <summary>Also render float32 with channels-last weights and inputs (NHWC), each batch, for comparison.</summary>
    public bool ChannelsLast { get; init; }

    /// <summary>This machine's float32 GEMM GFLOP/s (<see cref="GemmPeak"/>), measured once per run; null leaves the fraction out.</summary>
    public double? GemmPeakFloat32 { get; init; }

    /// <summary>The same in bfloat16; null leaves the bf16 fraction out.</summary>
    public double? GemmPeakBFloat16 { get; init; }
}

/// <summary>Which bfloat16 measurements to make.</summary>
public enum BFloat16Mode
{
    /// <summary>All batches when the CPU has native bf16 (AVX512-BF16 or AMX); otherwise only batch 1 at sizes up to 128, because emulated bf16 convs are ~30x slower.</summary>
    Auto,

    /// <summary>All batches at every size, however slow.</summary>
    All,

    /// <summary>No bfloat16 measurements.</summary>
    Off,
}

/// <summary>
/// Measures one VUNet configuration on this machine: parameters, analytic GFLOPs (see <see cref="ModelCost"/>),
/// render-only frames/s per batch size under inference mode (appearance code fixed, the per-frame work of
/// a video), the time of one training step (forward + backward + Adam, pixel L1 + KL only: the perceptual
/// network's cost is not included), the process's peak resident memory, and bfloat16 inference speed with
/// the largest difference of its output from float32 on the same inputs.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>
    /// Adds the rows for <paramref name="model"/> to <paramref name="report"/>, keys suffixed with <paramref name="suffix"/>.
    /// Untrained models should be data-dependently initialised first (see <see cref="InitializeForBenchmark"/>).
    /// </summary>
    public static void Run(VUnet model, ModelBenchmarkSettings settings, MeasurementReport report, string suffix, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(report);
        VUnetConfig config = model.Config;
        int size = config.ImageSize;
        int maxBatch = settings.RenderBatches.Max();
        string label = $"{size}²";

        double renderGflops = 2.0 * ModelCost.RenderMacsPerFrame(model) / 1e9;
        double encodeGflops = 2.0 * ModelCost.EncodeMacsPerImage(model) / 1e9;
        double trainingGflops = 2.0 * ModelCost.TrainingForwardMacsPerImage(model) / 1e9;
        report.Add($"parameters{suffix}", model.ParameterCount, "", $"trainable values, {label}");
        report.Add($"render_cost{suffix}", renderGflops, "GFLOP/frame", $"floating-point operations to render one frame (shape encoder + decoder, no prior), 2 FLOP/MAC, {label}");
        report.Add($"encode_cost{suffix}", encodeGflops, "GFLOP", $"the same to encode one appearance (once per person), {label}");
        report.Add($"train_forward_cost{suffix}", trainingGflops, "GFLOP/image", $"training forward per image (backward ≈ 2x more), {label}");

        using var scope = NewDisposeScope();
        (Tensor stickmen, Tensor crops, Tensor images) = SyntheticInputs(config, Math.Max(maxBatch, settings.TrainBatch), seed: 1);
        Latents appearance = model.EncodeAppearance(crops.narrow(0, 0, 1));

        ResetPeakMemory();
        double bestFps = 0;
        foreach (int batch in settings.RenderBatches)
        {
            log?.Invoke($"{label}: render float32 batch {batch}");
            Tensor shape = stickmen.narrow(0, 0, batch);
            double seconds = TimePerCall(() => model.Decode(shape, appearance).Dispose(), settings.SecondsPerMeasurement);
            double fps = batch / seconds;
            bestFps = Math.Max(bestFps, fps);
            report.Add($"render_frame_rate{suffix}_b{batch}", fps, "frames/s", $"float32, inference mode, batch {batch}, {label}");
        }

        if (settings.ChannelsLast)
        {
            MeasureChannelsLast(model, stickmen, appearance, settings, report, suffix, label, log);
        }

        report.Add($"render_frame_rate{suffix}", bestFps, "frames/s", $"best float32 render rate over batches {string.Join("/", settings.RenderBatches)}, {label}");
        report.Add($"render_compute_rate{suffix}", bestFps * renderGflops, "GFLOP/s", $"achieved conv throughput at that rate, {label}");
        if (settings.GemmPeakFloat32 is double peak32)
        {
            report.Add($"render_peak_fraction{suffix}", bestFps * renderGflops / peak32, "", $"that throughput as a fraction of this machine's float32 GEMM peak, {label}");
        }

        report.Add($"peak_rss_render{suffix}", PeakMemoryMiB(), "MiB", $"peak resident memory while rendering (model + batch {maxBatch} activations), {label}");
        if (settings.TrainSteps > 0)
        {
            ResetPeakMemory();
            log?.Invoke($"{label}: training step batch {settings.TrainBatch}");
            double step = TimeTrainingStep(model, stickmen.narrow(0, 0, settings.TrainBatch), crops.narrow(0, 0, settings.TrainBatch),
                images.narrow(0, 0, settings.TrainBatch), settings.TrainSteps);
            report.Add($"train_step_time{suffix}", step, "s", $"forward + backward + Adam, batch {settings.TrainBatch}, pixel L1 + KL (no perceptual net), {label}");
            report.Add($"train_image_rate{suffix}", settings.TrainBatch / step, "images/s", $"training throughput at that batch, {label}");
            report.Add($"peak_rss_train{suffix}", PeakMemoryMiB(), "MiB", $"peak resident memory while training (+ Adam state, autograd activations), {label}");
            if (settings.BFloat16 == BFloat16Mode.All || (settings.BFloat16 == BFloat16Mode.Auto && Inference.CpuFeatures.HasNativeBFloat16))
            {
                log?.Invoke($"{label}: training step batch {settings.TrainBatch}, bfloat16 convolutions (mixed precision)");
                double mixed = TimeTrainingStep(model, stickmen.narrow(0, 0, settings.TrainBatch), crops.narrow(0, 0, settings.TrainBatch),
                    images.narrow(0, 0, settings.TrainBatch), settings.TrainSteps, ScalarType.BFloat16);
                report.Add($"train_step_time_bf16{suffix}", mixed, "s", $"the same step with bfloat16 convolutions, float32 weights and Adam (train --precision bf16), {label}");
                report.Add($"train_bf16_speedup{suffix}", step / mixed, "", $"float32 step time / mixed-precision step time, {label}");
            }
        }

        report.Add($"load_average{suffix}", LoadAverage(), "", $"1-min load average after the float32 timings ({Environment.ProcessorCount} cores): above the core count, other work slowed them");

        bool native = Inference.CpuFeatures.HasNativeBFloat16;
        bool full = settings.BFloat16 == BFloat16Mode.All || (settings.BFloat16 == BFloat16Mode.Auto && native);
        bool reduced = !full && settings.BFloat16 == BFloat16Mode.Auto && size <= 128;
        if (full || reduced)
        {
            int[] bf16Batches = full ? [.. settings.RenderBatches] : [1];
            MeasureBFloat16(model, stickmen.narrow(0, 0, bf16Batches.Max()), appearance, bf16Batches,
                full ? settings.SecondsPerMeasurement : 0, renderGflops, settings.GemmPeakBFloat16, report, suffix, $"{label}{(native ? "" : ", emulated: this CPU has no AVX512-BF16/AMX")}", log);
        }
        else if (settings.BFloat16 == BFloat16Mode.Auto)
        {
            report.Add($"bf16{suffix}", "skipped", $"this CPU has no native bf16 (AVX512-BF16/AMX); emulated bf16 at {label} would take minutes (use --bf16 all)");
        }

        appearance.Dispose();
    }

    /// <summary>Data-dependent init of an untrained model on synthetic stickmen/crops so that activations have a realistic scale.</summary>
    public static void InitializeForBenchmark(VUnet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        (Tensor stickmen, Tensor crops, _) = SyntheticInputs(model.Config, VUnet.MinimumInitBatch, seed: 2);
        model.InitializeDataDependent(stickmen, crops, new Generator(3));
    }

    /// <summary>
    /// Deterministic inputs: a standing pose jittered per item, its stickman, and crops/images from a smooth
    /// random colour field with the person drawn on it.
    /// </summary>
    public static (Tensor Stickmen, Tensor Crops, Tensor Images) SyntheticInputs(VUnetConfig config, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var random = new Random(seed);
        int size = config.ImageSize;
        var poses = new List<PersonPose>();
        var mats = new List<OpenCvSharp.Mat>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                PersonPose pose = StandingPose(size, random.Next(-size / 10, size / 10 + 1));
                poses.Add(pose);
                mats.Add(PaintedPerson(pose, size, random));
            }

            Tensor stickmen = Stickman.ToTensorBatch(poses, size, size);
            Tensor crops = PartCrops.ExtractBatch(mats.Zip(poses).ToArray(), config.BoxFactor);
            Tensor images = ImageTensors.FromBgrBatch(mats);
            return (stickmen, crops, images);
        }
        finally
        {
            mats.ForEach(m => m.Dispose());
        }
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark of this process (Linux: writing 5 to /proc/self/clear_refs) so that the
    /// next <see cref="PeakMemoryMiB"/> covers only what follows; elsewhere the peak stays cumulative.
    /// </summary>
    public static void ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux or not permitted: the peak is then the process's peak so far.
        }
    }

    /// <summary>Peak resident memory of this process (VmHWM) in MiB.</summary>
    public static double PeakMemoryMiB()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>The 1-minute load average (other processes competing for the cores make every timing slower).</summary>
    public static double LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    private static void MeasureBFloat16(VUnet model, Tensor stickmen, Latents appearance, int[] batches, double seconds,
        double renderGflops, double? gemmPeak, MeasurementReport report, string suffix, string label, Action<string>? log)
    {
        log?.Invoke($"{label}: bfloat16 difference");
        using Tensor reference = model.Decode(stickmen, appearance);
        bool folded = model.Convolutions.All(c => c.IsFolded);
        // As the loader does it: weights folded in float32 (when the model was folded), then rounded once.
        model.ConvertForInference(ScalarType.BFloat16);
        try
        {
            using Tensor stickmen16 = stickmen.to(ScalarType.BFloat16);
            using Latents appearance16 = appearance.To(ScalarType.BFloat16);
            using (Tensor output16 = model.Decode(stickmen16, appearance16))
            using (Tensor difference = output16.to(ScalarType.Float32).sub(reference).abs())
            {
                report.Add($"bf16_max_abs_diff{suffix}", difference.max().item<float>(), "", $"largest |bf16 − fp32| of the raw outputs (range −1…1) over {stickmen.shape[0]} rendered frames, {label}");
                report.Add($"bf16_mean_abs_diff{suffix}", difference.mean().item<float>(), "", $"mean |bf16 − fp32| of the raw outputs, {label}");
                report.Add($"fp32_output_std{suffix}", reference.std().item<float>(), "", $"std of the fp32 output, for scale, {label}");
                Inference.PrecisionComparison gate = Inference.PrecisionComparison.Of(reference, output16);
                report.Add($"bf16_ssim{suffix}", gate.MeanSsim, "", $"mean SSIM of bf16 vs fp32 renders as 8-bit images over grey, {gate.Frames} frames (gate: every frame ≥ {Inference.PrecisionComparison.MinimumSsim}), {label}");
                report.Add($"bf16_ssim_min{suffix}", gate.MinSsim, "", $"the worst frame's SSIM, {label}");
                report.Add($"bf16_pixel_diff_mean{suffix}", gate.MeanPixelDifference, "levels", $"mean |bf16 − fp32| of 8-bit channel values (gate ≤ {Inference.PrecisionComparison.MaximumMeanPixelDifference}), {label}");
                report.Add($"bf16_pixel_diff_max{suffix}", gate.MaxPixelDifference, "levels", $"largest |bf16 − fp32| of one 8-bit channel value, {label}");
                report.Add($"bf16_quality_gate{suffix}", gate.Passes ? "pass" : "FAIL", gate.Passes ? "bf16 renders pass the quality gate" : "bf16 renders differ visibly from fp32: do not render in bf16 with this model");
            }

            double best = 0;
            foreach (int batch in batches)
            {
                log?.Invoke($"{label}: render bfloat16 batch {batch}");
                using Tensor shape = stickmen16.narrow(0, 0, batch);
                double perCall = seconds > 0
                    ? TimePerCall(() => model.Decode(shape, appearance16).Dispose(), seconds)
                    : TimeOnce(() => model.Decode(shape, appearance16).Dispose());
                report.Add($"render_frame_rate_bf16{suffix}_b{batch}", batch / perCall, "frames/s", $"bfloat16 weights and activations, batch {batch}, {label}");
                best = Math.Max(best, batch / perCall);
            }

            report.Add($"render_frame_rate_bf16{suffix}", best, "frames/s", $"best bfloat16 render rate over batches {string.Join("/", batches)}, {label}");
            report.Add($"render_compute_rate_bf16{suffix}", best * renderGflops, "GFLOP/s", $"achieved conv throughput at that rate, {label}");
            if (gemmPeak is double peak)
            {
                report.Add($"render_peak_fraction_bf16{suffix}", best * renderGflops / peak, "", $"that throughput as a fraction of this machine's bfloat16 GEMM peak, {label}");
            }
        }
        finally
        {
            // Back to float32 for whatever the caller does next; the weights keep their bf16 rounding, which is
            // why bf16 is measured last.
            model.to(ScalarType.Float32);
            if (folded)
            {
                model.FoldWeightNormForInference();
            }
        }
    }

    // Alternates NCHW and NHWC per batch so that drift in the machine's speed hits both alike.
    private static void MeasureChannelsLast(VUnet model, Tensor stickmen, Latents appearance, ModelBenchmarkSettings settings,
        MeasurementReport report, string suffix, string label, Action<string>? log)
    {
        bool folded = model.Convolutions.All(c => c.IsFolded);
        if (!folded)
        {
            model.FoldWeightNormForInference();
        }

        try
        {
            using Tensor reference = model.Decode(stickmen.narrow(0, 0, 1), appearance);
            foreach (int batch in settings.RenderBatches)
            {
                log?.Invoke($"{label}: render float32 batch {batch}, NCHW vs channels-last");
                using Tensor shape = stickmen.narrow(0, 0, batch).contiguous();
                using Tensor shapeLast = Layouts.ChannelsLast(shape);
                model.SetFoldedLayout(channelsLast: false);
                double nchw = TimePerCall(() => model.Decode(shape, appearance).Dispose(), settings.SecondsPerMeasurement);
                model.SetFoldedLayout(channelsLast: true);
                double nhwc = TimePerCall(() => model.Decode(shapeLast, appearance).Dispose(), settings.SecondsPerMeasurement);
                report.Add($"render_frame_rate_nchw{suffix}_b{batch}", batch / nchw, "frames/s", $"float32, contiguous NCHW, batch {batch} (timed beside the next row), {label}");
                report.Add($"render_frame_rate_nhwc{suffix}_b{batch}", batch / nhwc, "frames/s", $"float32, channels-last weights and inputs, batch {batch}, {label}");
            }

            using Tensor last = model.Decode(Layouts.ChannelsLast(stickmen.narrow(0, 0, 1)), appearance);
            using Tensor difference = last.sub(reference).abs();
            report.Add($"nhwc_max_abs_diff{suffix}", difference.max().item<float>(), "", $"largest |channels-last − NCHW| of the raw outputs (same arithmetic, other summation order), {label}");
        }
        finally
        {
            model.SetFoldedLayout(channelsLast: false);
        }
    }

    private static double TimeTrainingStep(VUnet model, Tensor stickmen, Tensor crops, Tensor images, int steps, ScalarType? convolutions = null)
    {
        // Work on a copy of the weights' values so benchmarking does not change the model.
        Dictionary<string, Tensor> saved = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        bool wasTraining = model.training;
        bool wasFolded = model.Convolutions.All(c => c.IsFolded);
        model.train();
        try
        {
            using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, beta1: 0.5, beta2: 0.9);
            void Step()
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss;
                VUnetOutput output;
                using (MixedPrecision.Enter(convolutions))
                {
                    output = model.forward(stickmen, crops);
                    // An alpha model's 4th channel is not an image channel: the pixel term is on RGB.
                    loss = nn.functional.l1_loss(output.Reconstruction.narrow(1, 0, VUnetConfig.ImageChannels), images).add(output.Kl.mul(1e-6));
                }

                using VUnetOutput keep = output;
                loss.backward();
                optimizer.step();
            }

            Step();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++)
            {
                Step();
            }

            return watch.Elapsed.TotalSeconds / steps;
        }
        finally
        {
            model.train(wasTraining);
            model.load_state_dict(saved);

            // A training forward drops the inference fold; the renders timed after this one must not run unfolded.
            if (wasFolded)
            {
                model.FoldWeightNormForInference();
            }

            foreach (Tensor t in saved.Values)
            {
                t.Dispose();
            }

            model.zero_grad();
        }
    }

    // One call, already warmed up by the difference measurement (used where a call takes minutes).
    private static double TimeOnce(Action call)
    {
        var watch = Stopwatch.StartNew();
        call();
        return watch.Elapsed.TotalSeconds;
    }

    private static double TimePerCall(Action call, double minimumSeconds)
    {
        call();
        var watch = Stopwatch.StartNew();
        int calls = 0;
        do
        {
            call();
            calls++;
        }
        while (watch.Elapsed.TotalSeconds < minimumSeconds || calls < 2);
        return watch.Elapsed.TotalSeconds / calls;
    }

    /// <summary>A standing person centred in a <paramref name="size"/>² image, moved <paramref name="shift"/> px sideways.</summary>
    public static PersonPose StandingPose(int size, int shift)
    {
        float s = size / 128f;
        (float X, float Y)[] points =
        [
            (64, 20), (64, 36), (48, 36), (40, 56), (36, 76), (80, 36), (88, 56), (92, 76),
            (54, 76), (52, 100), (50, 122), (74, 76), (76, 100), (78, 122), (60, 17), (68, 17), (56, 19), (72, 19),
        ];
        return new PersonPose(points.Select(p => Keypoint.At(p.X * s + shift, p.Y * s)).ToArray());
    }

    /// <summary>A smooth random colour field with the person of <paramref name="pose"/> painted on it (BGR, 8-bit).</summary>
    public static OpenCvSharp.Mat PaintedPerson(PersonPose pose, int size, Random random)
    {
        using var small = new OpenCvSharp.Mat(8, 8, OpenCvSharp.MatType.CV_8UC3);
        OpenCvSharp.Cv2.Randu(small, OpenCvSharp.Scalar.All(0), OpenCvSharp.Scalar.All(256));
        var image = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Resize(small, image, new OpenCvSharp.Size(size, size), 0, 0, OpenCvSharp.InterpolationFlags.Cubic);
        var colour = new OpenCvSharp.Scalar(random.Next(256), random.Next(256), random.Next(256));
        int thickness = Math.Max(2, size / 20);
        foreach ((Coco18 a, Coco18 b) in Stickman.RightLimbs.Concat(Stickman.LeftLimbs))
        {
            OpenCvSharp.Cv2.Line(image, new OpenCvSharp.Point((int)pose[a].X, (int)pose[a].Y), new OpenCvSharp.Point((int)pose[b].X, (int)pose[b].Y), colour, thickness);
        }

        return image;
    }
}
