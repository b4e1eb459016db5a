using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Tests.Training;
using VUnetStream.Render.Training;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Tests.Experiments;

/// <summary>A tiny dataset and a checkpoint trained on it for a few steps, shared by the experiment tests.</summary>
public sealed class TinyCheckpointFixture : IDisposable
{
    private readonly TempFolder _temp = new();

    public TinyCheckpointFixture()
    {
        Data = TinyPeople.WriteDataset(_temp.Combine("data"), 8, 6, 32, seed: 41, transfers: 4, masks: true);
        TinyTraining.Run(Data, _temp.Combine("run"), TinyTraining.Config(steps: 3));
        Checkpoint = Checkpoint.Resolve(_temp.Combine("run"));
    }

    public string Data { get; }

    public Checkpoint Checkpoint { get; }

    public string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();
}
