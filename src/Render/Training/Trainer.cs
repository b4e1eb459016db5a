using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using VUnetStream.Core.IO;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Losses;
using VUnetStream.Render.Model;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Training;

/// <summary>
/// Trains a VUNet: loss = perceptual(x, x̂) + β(t)·KL with the paper's schedules, Adam(lr, β1, β2).
/// Everything random is a function of (seed, step): the data order (<see cref="EpochOrder"/>) and the
/// torch generator, which is reseeded from (seed, step) before every step (dropout and the posterior
/// sample draw from it). A resumed run therefore repeats exactly the steps an uninterrupted run would
/// have made, given the restored weights and Adam state — provided nothing else in the process draws
/// from torch's (process-wide) default generator meanwhile. Runs on the calling thread; call it from a
/// dedicated thread (TorchSharp scopes are per thread).
/// </summary>
public sealed class Trainer
{
    /// <summary>Test hook: every step's loss terms, as computed (before logging's averaging).</summary>
    public Action<LossRecord>? OnStep { get; init; }

    /// <summary>Test hook: runs after each optimizer step with the model and the completed step count.</summary>
    public Action<VUnet, long>? AfterStep { get; init; }

    public TrainResult Run(TrainRequest request, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(request);
        var progress = new TrainingProgress(request.Progress, request.InteractiveProgress);
        string outDir = Path.GetFullPath(request.OutDir);
        Checkpoint? resumeFrom = PrepareOutput(request, outDir);
        TrainingConfig config = EffectiveConfig(request, resumeFrom);
        TrainingOptions options = config.Training;
        long totalSteps = options.Steps;
        long startStep = resumeFrom?.Step ?? 0;
        long stopAt = Math.Min(request.StopAtStep ?? totalSteps, totalSteps);
        if (startStep >= totalSteps)
        {
            throw new InvalidOperationException($"{outDir}: the run is already complete ({startStep} of {totalSteps} steps); pass --steps to train longer");
        }

        set_num_threads(options.EffectiveThreads);
        PoseDataset dataset = PoseDataset.Open(request.DataPath, DatasetSplit.Train);
        progress.Message(string.Create(CultureInfo.InvariantCulture,
            $"train: {dataset.Count} images from {dataset.Root} ({dataset.Layout} layout), model {config.Model.ImageSize}², batch {options.BatchSize}, {totalSteps} steps, loss network {options.LossNetwork}, {options.EffectiveThreads} threads, {(options.ConvolutionType is null ? "float32" : "bfloat16 convolutions (mixed precision)")}"));
        ReconstructionObjective.CheckData(config.Model, options, dataset.HasMasks, dataset.Root);
        AppearancePartners? partners = options.AppearanceFrom == AppearanceSources.SamePerson ? AppearancePartners.FromPeople(dataset, options.Seed) : null;
        if (partners is not null)
        {
            progress.Message("appearance from another image of the same person (appearance_from: same_person)");
        }

        if (dataset.SkippedSummary() is string skipped)
        {
            progress.Message("warning: " + skipped);
        }

        AtomicFile.WriteAllText(Path.Combine(outDir, "config.json"), config.ToJsonString());

        manual_seed(options.Seed);
        using var model = new VUnet(config.Model);
        using PerceptualLoss loss = PerceptualLoss.Create(options.LossNetwork, options.LossWeights);
        using Adam optimizer = optim.Adam(model.parameters(), options.Lr, options.AdamBeta1, options.AdamBeta2);
        var store = new CheckpointStore(outDir, options.KeepCheckpoints);
        string description = config.Model.Describe();
        if (resumeFrom is not null)
        {
            ModelWeights.Load(model, resumeFrom.WeightsPath, description);
            if (File.Exists(resumeFrom.OptimizerPath))
            {
                optimizer.load_py(resumeFrom.OptimizerPath);
                progress.Message($"resuming from step {startStep} ({resumeFrom.Directory})");
            }
            else
            {
                // A run snapshot kept small for git has weights only: continue, but say that it is not the exact run.
                progress.Message($"resuming from step {startStep} ({resumeFrom.Directory}) without its optimizer state ({Checkpoint.OptimizerName} missing): " +
                    "Adam restarts from zero moments, so the losses will differ from an uninterrupted run");
            }
        }
        else if (request.StartFrom is Checkpoint start)
        {
            ModelWeights.Load(model, start.WeightsPath, description);
            progress.Message($"fine-tuning from step {start.Step} of {start.Directory}");
        }
        else
        {
            InitializeFromData(model, dataset, config, progress);
        }

        using ModelInputs sampleInputs = LoadSampleImages(request.DataPath, dataset, config);
        using HeldOutAppearance? heldOut = options.HeldOutTransfers > 0
            ? HeldOutAppearance.TryOpen(request.DataPath, options.HeldOutTransfers, config.Model.ImageSize, config.Model.BoxFactor)
            : null;
        if (heldOut is not null)
        {
            progress.Message($"held-out appearance: {heldOut.Count} transfers scored by part colours every {options.SampleInterval} steps");
        }
        using LossLog log = LossLog.Open(Path.Combine(outDir, "loss.jsonl"), startStep + 1);
        double elapsedBefore = log.Records.Count > 0 ? log.Records[^1].ElapsedSeconds : 0;
        Checkpoint? last = resumeFrom;
        var clock = Stopwatch.StartNew();
        var window = new List<LossRecord>();
        long step = startStep;
        bool interrupted = false;

        using (var loader = new BatchLoader(dataset, options.BatchSize, options.Seed, startStep, config.Model.ImageSize, config.Model.BoxFactor, options.Prefetch, partners))
        {
            model.train();
            while (step < stopAt)
            {
                var stepClock = Stopwatch.StartNew();
                LossRecord record;
                using (ModelInputs batch = loader.Take(step))
                {
                    record = TrainStep(model, loss, optimizer, batch, options, step, totalSteps, clock.Elapsed.TotalSeconds + elapsedBefore);
                }

                step++;
                AfterStep?.Invoke(model, step);
                record = record with { ImagesPerSecond = options.BatchSize / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9) };
                bool sampleNow = step % options.SampleInterval == 0 || step == stopAt;
                if (sampleNow && heldOut is not null)
                {
                    record = WithHeldOut(record, model, heldOut);
                }

                OnStep?.Invoke(record);
                window.Add(record);
                bool stopRequested = stop.IsCancellationRequested;
                bool logNow = step % options.LogInterval == 0 || step == stopAt || stopRequested || sampleNow;
                if (logNow)
                {
                    log.Append(Average(window, record));
                    window.Clear();
                }

                progress.Step(record, totalSteps, options.BatchSize, stepClock.Elapsed.TotalSeconds, logNow);

                if (step % options.CheckpointInterval == 0 || step == stopAt || stopRequested)
                {
                    last = store.Save(new Checkpoint
                    {
                        Directory = "",
                        Step = step,
                        Config = config,
                        LastLoss = record,
                        DatasetPath = Path.GetFullPath(request.DataPath),
                        DatasetImages = dataset.Count,
                    }, model, optimizer);
                    LossPlot.Save(log.Records, Path.Combine(outDir, "loss.png"), $"VUNet {config.Model.ImageSize}x{config.Model.ImageSize} training");
                }

                if (sampleNow)
                {
                    WriteSampleGrid(model, sampleInputs, outDir, step, options.Seed);
                }

                if (stopRequested && step < stopAt)
                {
                    interrupted = true;
                    progress.Message($"interrupted: saved step {step} to {last?.Directory}; continue with --resume");
                    break;
                }
            }
        }

        progress.Done();
        return new TrainResult(step, totalSteps, interrupted, last, progress.ImagesPerSecond);
    }

    /// <summary>
    /// One optimizer step on <paramref name="batch"/> at <paramref name="step"/> of <paramref name="totalSteps"/>: the
    /// options' lr and β schedules, the torch generator reseeded from (seed, step), the reconstruction objective plus
    /// β·KL; throws <see cref="NonFiniteModelException"/> before the update when the loss is not finite. Also the step
    /// of test-time personalisation.
    /// </summary>
    internal static LossRecord TrainStep(
        VUnet model, PerceptualLoss loss, Adam optimizer, ModelInputs batch, TrainingOptions options, long step, long totalSteps, double elapsed)
    {
        // Everything random in this step (dropout masks, posterior noise) comes from this seed.
        manual_seed(unchecked((long)SplitMix64.Mix((ulong)options.Seed, (ulong)step)));
        double lr = options.LrSchedule.At(step, totalSteps);
        double beta = options.KlSchedule.At(step, totalSteps);
        foreach (ParamGroup group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }

        using var scope = NewDisposeScope();
        VUnetOutput output;
        ReconstructionTerms reconstruction;
        using (MixedPrecision.Enter(options.ConvolutionType))
        {
            output = model.forward(batch.Stickmen, batch.Crops);
            reconstruction = ReconstructionObjective.Compute(loss, options, batch.Images, output.Reconstruction, batch.Masks);
        }

        Tensor total = reconstruction.Total + output.Kl * beta;
        double totalValue = total.item<float>();
        double perceptualValue = reconstruction.Perceptual.item<float>();
        double pixelValue = reconstruction.PixelL1.item<float>();
        double alphaValue = reconstruction.AlphaL1.item<float>();
        double klValue = output.Kl.item<float>();
        if (!double.IsFinite(totalValue))
        {
            throw new NonFiniteModelException(string.Create(CultureInfo.InvariantCulture,
                $"training diverged: the loss is {totalValue} at step {step + 1} (perceptual {perceptualValue}, KL {klValue}, β {beta}); stopped without saving, the last good checkpoint is kept"));
        }

        optimizer.zero_grad();
        total.backward();
        optimizer.step();
        return new LossRecord
        {
            Step = step + 1,
            Loss = totalValue,
            Perceptual = perceptualValue,
            PixelL1 = pixelValue,
            AlphaL1 = alphaValue,
            Kl = klValue,
            Beta = beta,
            Lr = lr,
            ElapsedSeconds = elapsed,
        };
    }

    private static Checkpoint? PrepareOutput(TrainRequest request, string outDir)
    {
        if (File.Exists(outDir))
        {
            throw new IOException($"{request.OutDir}: is a file; --out must be a folder");
        }

        Directory.CreateDirectory(outDir);
        Checkpoint? latest = CheckpointStore.Latest(outDir);
        if (request.Resume)
        {
            return latest ?? throw new InvalidOperationException($"{request.OutDir}: nothing to resume (no {CheckpointStore.LatestName}); start without --resume");
        }

        if (latest is not null)
        {
            throw new InvalidOperationException(
                $"{request.OutDir}: already holds a training run (step {latest.Step}); pass --resume to continue it, or choose another --out");
        }

        return null;
    }

    private static TrainingConfig EffectiveConfig(TrainRequest request, Checkpoint? resumeFrom)
    {
        TrainingConfig config;
        if (resumeFrom is not null)
        {
            config = resumeFrom.Config;
            if (request.Config is not null && request.Config.Model != config.Model)
            {
                throw new InvalidDataException(
                    $"the config's model ({request.Config.Model.Describe()}) differs from the checkpoint's ({config.Model.Describe()}); resume uses the checkpoint's config");
            }
        }
        else
        {
            config = request.Config ?? request.StartFrom?.Config ?? throw new ArgumentException("a config is needed to start training (--config FILE)");
            if (request.StartFrom is Checkpoint start && start.Config.Model != config.Model)
            {
                throw new InvalidDataException(
                    $"the config's model ({config.Model.Describe()}) differs from the model fine-tuning starts from ({start.Config.Model.Describe()}, {start.Directory})");
            }
        }

        if (request.Threads is int threads)
        {
            if (threads < 1)
            {
                throw new ArgumentException($"--threads must be at least 1, got {threads}");
            }

            config = config with { Training = config.Training with { Threads = threads } };
        }

        if (request.Precision is string precision)
        {
            config = config with { Training = config.Training with { Precision = precision } };
            config.Training.Validate("--precision");
        }

        if (request.TotalSteps is long steps)
        {
            if (steps < 1)
            {
                throw new ArgumentException($"--steps must be at least 1, got {steps}");
            }

            config = config with { Training = config.Training with { Steps = steps } };
        }

        return config;
    }

    private static void InitializeFromData(VUnet model, PoseDataset dataset, TrainingConfig config, TrainingProgress progress)
    {
        int count = Math.Max(config.Training.InitImages, VUnet.MinimumInitBatch);
        // A separate stream from the training order, so the init batch is a function of the seed alone.
        var order = new EpochOrder(dataset.Count, config.Training.Seed ^ 0x5EED_1417L);
        PoseSample[] samples = order.Batch(0, count).Select(i => dataset.Samples[i]).ToArray();
        using ModelInputs inputs = ModelInputs.Load(samples, config.Model.ImageSize, config.Model.BoxFactor);
        model.InitializeDataDependent(inputs.Stickmen, inputs.Crops);
        progress.Message(string.Create(CultureInfo.InvariantCulture, $"data-dependent init on {count} images done ({model.ParameterCount:N0} parameters)"));
    }

    private static ModelInputs LoadSampleImages(string dataPath, PoseDataset train, TrainingConfig config)
    {
        int count = config.Training.SampleImages;
        PoseDataset source = train;
        string testRoot = PoseDataset.ResolveSplit(dataPath, DatasetSplit.Test);
        if (!string.Equals(Path.GetFullPath(testRoot), Path.GetFullPath(train.Root), StringComparison.Ordinal))
        {
            source = PoseDataset.Open(dataPath, DatasetSplit.Test);
        }

        // Spread over the split: datasets list each person's images together, the grid should show different people.
        PoseSample[] samples = Spread.Pick(source.Samples, count);
        return ModelInputs.Load(samples, config.Model.ImageSize, config.Model.BoxFactor);
    }

    private static void WriteSampleGrid(VUnet model, ModelInputs inputs, string outDir, long step, int seed)
    {
        using var runner = new VUnetRunner(model);
        using Mat sheet = ExperimentGrids.TrainingOverview(runner, inputs, seed, string.Create(CultureInfo.InvariantCulture, $"step {step}"));
        ImageGrid.SavePng(sheet, Path.Combine(outDir, "samples", string.Create(CultureInfo.InvariantCulture, $"step-{step:D8}.png")));
        model.train();
    }

    private static LossRecord WithHeldOut(LossRecord record, VUnet model, HeldOutAppearance heldOut)
    {
        HeldOutScores scores;
        using (var runner = new VUnetRunner(model))
        {
            scores = heldOut.Measure(runner);
        }

        model.train();
        return record with
        {
            HeldOutRetrievalTop1 = scores.RetrievalTop1,
            HeldOutRetrievalChance = scores.RetrievalChance,
            HeldOutColourError = scores.ColourError,
            HeldOutMeanPersonColourError = scores.MeanPersonColourError,
        };
    }

    private static LossRecord Average(List<LossRecord> window, LossRecord last) => last with
    {
        Loss = window.Average(r => r.Loss),
        Perceptual = window.Average(r => r.Perceptual),
        PixelL1 = window.Average(r => r.PixelL1),
        AlphaL1 = window.Average(r => r.AlphaL1),
        Kl = window.Average(r => r.Kl),
        ImagesPerSecond = window.Count / window.Sum(r => 1.0 / Math.Max(r.ImagesPerSecond, 1e-9)),
    };
}
