using System.CommandLine;
using VUnetStream.Cli.Output;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet bench model</c>: parameters, GFLOPs per frame, render frames/s (float32 and bfloat16),
/// training step time and peak memory of the VUNet at the reference settings for each size.
/// </summary>
internal static class BenchModelCommand
{
    public static Command Create()
    {
        var sizes = new Option<string>("--model-size")
        {
            Description = "Model image sizes to measure (reference config each), comma-separated",
            DefaultValueFactory = _ => "128,256",
        };

        // The old spelling took space-separated values (--size 128 256); it stays accepted, hidden.
        var oldSizes = new Option<int[]>("--size") { Hidden = true, Description = "old name of --model-size", AllowMultipleArgumentsPerToken = true };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Measure this trained checkpoint instead (its config and weights; --model-size is ignored)",
        };
        var batches = new Option<string>("--batches") { Description = "Render batch sizes, comma-separated", DefaultValueFactory = _ => "1,4,8" };
        var seconds = new RenamedOption<double>(new Option<double>("--measure-seconds") { Description = "Minimum seconds per timed measurement", DefaultValueFactory = _ => 3.0 }, "--seconds");
        var trainBatch = new Option<int>("--train-batch") { Description = "Batch of the timed training steps", DefaultValueFactory = _ => 8 };
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps after one warm-up (0 = skip)", DefaultValueFactory = _ => 2 };
        var bf16 = new Option<string>("--bf16")
        {
            Description = "bfloat16 measurements: auto (all batches if the CPU has AVX512-BF16/AMX, else batch 1 up to 128²), all, off",
            DefaultValueFactory = _ => "auto",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Torch threads (default: one per core)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var loadThreads = new Option<int>("--load-threads")
        {
            Description = "Busy threads competing for the cores during the run (0 = none): measures the render under contention",
            DefaultValueFactory = _ => 0,
        };
        var channelsLast = new Option<bool>("--channels-last") { Description = "Also time float32 renders with channels-last (NHWC) weights and inputs beside NCHW, per batch" };
        var json = new Option<string?>("--json") { Description = "Write the results as one JSON object to FILE (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var command = new Command("model", "Parameters, GFLOPs per frame, render frames/s (fp32 and bf16), training step time and peak memory of the VUNet.")
        {
            sizes, oldSizes, checkpoint, batches, trainBatch, trainSteps, bf16, threads, loadThreads, channelsLast, json, overwrite,
        };
        seconds.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string? jsonPath = parse.GetValue(json);
            PathChecks.Check(PathChecks.Inputs(("--checkpoint", parse.GetValue(checkpoint))), parse.GetValue(overwrite), JsonOutput.Targets(jsonPath));
            ModelBenchmarkSettings settings = new()
            {
                RenderBatches = ListSyntax.PositiveIntegers(parse.GetValue(batches)!, "--batches"),
                SecondsPerMeasurement = seconds.Value(parse),
                TrainBatch = parse.GetValue(trainBatch),
                TrainSteps = parse.GetValue(trainSteps),
                ChannelsLast = parse.GetValue(channelsLast),
                BFloat16 = parse.GetValue(bf16)!.ToLowerInvariant() switch
                {
                    "auto" => BFloat16Mode.Auto,
                    "all" => BFloat16Mode.All,
                    "off" => BFloat16Mode.Off,
                    string other => throw new ArgumentException($"--bf16: expected auto, all or off, got '{other}'"),
                },
            };
            if (settings.TrainBatch < 1 || settings.TrainSteps < 0 || settings.SecondsPerMeasurement <= 0)
            {
                throw new ArgumentException("--train-batch must be positive, --train-steps non-negative and --measure-seconds positive");
            }

            int threadCount = Math.Max(1, parse.GetValue(threads));
            set_num_threads(threadCount);
            using var load = BackgroundLoad.Start(parse.GetValue(loadThreads));
            bool bf16Measured = settings.BFloat16 == BFloat16Mode.All || (settings.BFloat16 == BFloat16Mode.Auto && CpuFeatures.HasNativeBFloat16);
            Console.Error.WriteLine("bench model: GEMM peak (1024² float32" + (bf16Measured ? " and bfloat16)" : ")"));
            settings = settings with
            {
                GemmPeakFloat32 = GemmPeak.Measure(ScalarType.Float32, settings.SecondsPerMeasurement),
                GemmPeakBFloat16 = bf16Measured ? GemmPeak.Measure(ScalarType.BFloat16, settings.SecondsPerMeasurement) : null,
            };
            string? checkpointPath = parse.GetValue(checkpoint);
            int[] sizeList = parse.GetValue(oldSizes) is { Length: > 0 } old ? old : ListSyntax.PositiveIntegers(parse.GetValue(sizes)!, "--model-size");
            var report = new MeasurementReport(
                $"bench model: VUNet, {(checkpointPath is null ? "reference config, untrained (data-dependent init), weight norm folded" : checkpointPath)}, " +
                $"{threadCount} torch threads, {Environment.ProcessorCount} cores, native bf16: {(CpuFeatures.HasNativeBFloat16 ? "yes" : "no")} (CPU flags: {CpuFeatures.Summary}), " +
                $"load average at start {ModelBenchmark.LoadAverage():0.0}, {load.Description}, " +
                $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "unset"}, GOMP_SPINCOUNT={Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") ?? "unset"}, allocator {NativeAllocator.Name}");
            report.Add("gemm_peak_fp32", settings.GemmPeakFloat32.Value, "GFLOP/s", "this machine's float32 matrix-product throughput (1024², torch.mm): the ceiling for the convs");
            if (settings.GemmPeakBFloat16 is double bf16Peak)
            {
                report.Add("gemm_peak_bf16", bf16Peak, "GFLOP/s", "the same in bfloat16");
            }

            if (CpuFeatures.HasNativeBFloat16)
            {
                report.Add("bf16_probe_speed_ratio", BFloat16Probe.SpeedRatio, "", $"bf16 / fp32 throughput of the probe conv (8×128×32×32, 3×3) that --precision auto decides by (bf16 at ≥ {BFloat16Probe.RequiredSpeedup})");
            }

            report.Add("auto_precision", RenderPrecision.Auto.Resolve(TorchSharp.torch.CPU) == ScalarType.BFloat16 ? "bfloat16" : "float32", "what --precision auto renders in on this machine");
            void Log(string message) => Console.Error.WriteLine($"bench model: {message}");

            if (checkpointPath is not null)
            {
                using VUnet model = ModelLoader.Load(ModelLoader.Resolve(checkpointPath));
                ModelBenchmark.Run(model, settings, report, $"_{model.Config.ImageSize}", Log);
                AddHeadline(report, model.Config.ImageSize);
            }
            else
            {
                foreach (int size in sizeList)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Log($"{size}²: building the reference model and data-dependent init");
                    manual_seed(size);
                    using var model = new VUnet(VUnetConfig.Reference(size));
                    ModelBenchmark.InitializeForBenchmark(model);
                    model.eval();

                    // As the loader prepares every model for rendering: weight normalisation folded once.
                    model.FoldWeightNormForInference();
                    ModelBenchmark.Run(model, settings, report, $"_{size}", Log);
                }

                AddHeadline(report, sizeList[^1]);
            }

            JsonOutput.Report(report, jsonPath, parse.GetValue(overwrite), parse);

            return Task.FromResult(0);
        });
        return command;
    }

    // The unsuffixed keys repeat the last size's main numbers so scripts can read one value.
    private static void AddHeadline(MeasurementReport report, int size)
    {
        string suffix = $"_{size}";
        foreach (string key in new[] { "parameters", "render_cost", "render_frame_rate" })
        {
            (string _, object value, string unit, string _) = report.Rows.First(r => r.Key == key + suffix);
            report.Add(key, (double)value, unit, $"= {key}{suffix}");
        }
    }

}
