using VUnetStream.Render.Model;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Tests.Training;

/// <summary>Configs and runs small enough for unit tests (32² images, a few thousand parameters per layer).</summary>
internal static class TinyTraining
{
    public static VUnetConfig Model { get; } = new VUnetConfig
    {
        ImageSize = 32,
        BaseFilters = 8,
        MaxFilters = 16,
        BoxFactor = 2,
        BottleneckFactor = 2,
    }.Validated();

    public static TrainingConfig Config(long steps, int batch = 4, long checkpointInterval = 1000, double lr = 1e-3) => new(
        Model,
        new TrainingOptions
        {
            BatchSize = batch,
            Steps = steps,
            Lr = lr,
            LrConstantSteps = 2,
            LossNetwork = "none",
            Seed = 7,
            InitImages = 8,
            CheckpointInterval = checkpointInterval,
            SampleInterval = 1000,
            LogInterval = 1,
            Threads = 1,
            Prefetch = 2,
            SampleImages = 2,
        });

    public static TrainResult Run(string data, string outDir, TrainingConfig? config, bool resume = false, long? stopAt = null,
        List<LossRecord>? losses = null, Action<VUnet, long>? afterStep = null, CancellationToken stop = default)
    {
        var trainer = new Trainer { OnStep = losses is null ? null : losses.Add, AfterStep = afterStep };
        return trainer.Run(new TrainRequest { DataPath = data, OutDir = outDir, Config = config, Resume = resume, StopAtStep = stopAt }, stop);
    }
}
