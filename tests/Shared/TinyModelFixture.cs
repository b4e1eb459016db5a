using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using VUnetStream.Synth.Output;

namespace VUnetStream.Tests.Shared;

/// <summary>A tiny VUNet trained for two steps on a tiny synthetic dataset, shared by the tests that run whole jobs (Application, Service); linked into those projects.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("vunet-e2e-").FullName;
        CheckpointPath = Train(Folder, alpha: false);
    }

    public string Folder { get; }

    public string CheckpointPath { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Trains the tiny model in <paramref name="folder"/> (with an alpha output when asked); returns its checkpoint folder.</summary>
    internal static string Train(string folder, bool alpha)
    {
        string data = Path.Combine(folder, "data");
        DatasetGenerator.WriteAsync(new DatasetOptions { OutDir = data, People = 6, Poses = 3, Size = 32, Seed = 5 }).GetAwaiter().GetResult();
        var config = new TrainingConfig(
            new VUnetConfig { ImageSize = 32, BaseFilters = 8, MaxFilters = 16, BoxFactor = 2, BottleneckFactor = 2, OutputAlpha = alpha }.Validated(),
            new TrainingOptions
            {
                BatchSize = 4, Steps = 2, LrConstantSteps = 1, LossNetwork = "none", Seed = 3, InitImages = 8,
                CheckpointInterval = 1000, SampleInterval = 1000, LogInterval = 1, Threads = 1, Prefetch = 1, SampleImages = 2,
            });
        new Trainer().Run(new TrainRequest { DataPath = data, OutDir = Path.Combine(folder, "run"), Config = config }, CancellationToken.None);
        return Path.Combine(folder, "run");
    }
}

/// <summary>The same tiny model with an alpha output (a person matte), for the jobs that place the person into a scene.</summary>
public sealed class TinyAlphaModelFixture : IDisposable
{
    public TinyAlphaModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("vunet-e2e-alpha-").FullName;
        CheckpointPath = TinyModelFixture.Train(Folder, alpha: true);
    }

    public string Folder { get; }

    public string CheckpointPath { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
