using System.Text.Json.Nodes;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Tests.Training;

[Collection(GlobalRngCollection.Name)]
public sealed class TrainerTests
{
    [Fact]
    public void Resume_AfterStopping_RepeatsTheLossesOfAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 10, 2, 32, seed: 21);
        TrainingConfig config = TinyTraining.Config(steps: 6);

        var straight = new List<LossRecord>();
        TinyTraining.Run(data, temp.Combine("straight"), config, losses: straight);

        var interrupted = new List<LossRecord>();
        TrainResult first = TinyTraining.Run(data, temp.Combine("resumed"), config, stopAt: 3, losses: interrupted);
        Assert.Equal(3, first.Step);
        TrainResult second = TinyTraining.Run(data, temp.Combine("resumed"), config: null, resume: true, losses: interrupted);
        Assert.Equal(6, second.Step);

        Assert.Equal(straight.Select(r => r.Step), interrupted.Select(r => r.Step));
        for (int i = 0; i < straight.Count; i++)
        {
            Assert.Equal(straight[i].Loss, interrupted[i].Loss);
            Assert.Equal(straight[i].Kl, interrupted[i].Kl);
        }

        // The resumed log holds each step once.
        string[] logged = File.ReadAllLines(temp.Combine("resumed", "loss.jsonl"));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), logged.Select(l => (long)JsonNode.Parse(l)!["step"]!));
    }

    [Fact]
    public void Resume_FromASnapshotWithoutOptimizerState_ContinuesFromItsWeightsAndSaysSo()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 10, 2, 32, seed: 23);
        TrainingConfig config = TinyTraining.Config(steps: 4);
        string run = temp.Combine("run");
        TinyTraining.Run(data, run, config, stopAt: 2);
        Checkpoint saved = CheckpointStore.Latest(run)!;
        File.Delete(saved.OptimizerPath);

        using var messages = new StringWriter();
        var trainer = new Trainer();
        TrainResult resumed = trainer.Run(new TrainRequest { DataPath = data, OutDir = run, Resume = true, Progress = messages }, default);

        Assert.Equal(4, resumed.Step);
        Assert.Contains("without its optimizer state", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TinyRun_LowersTheLoss_AndWritesLogPlotGridAndCheckpoint()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 22);
        var losses = new List<LossRecord>();
        string outDir = temp.Combine("out");
        TrainResult result = TinyTraining.Run(data, outDir, TinyTraining.Config(steps: 40, lr: 2e-3), losses: losses);

        double early = losses.Take(5).Average(r => r.Perceptual);
        double late = losses.TakeLast(5).Average(r => r.Perceptual);
        Assert.True(late < 0.8 * early, $"pixel loss went from {early:0.000} to {late:0.000}");
        Assert.False(result.Interrupted);
        Assert.Equal(40, CheckpointStore.Latest(outDir)!.Step);
        Assert.True(new FileInfo(Path.Combine(outDir, "loss.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(outDir, "samples", "step-00000040.png")));
        Assert.Equal(40, File.ReadAllLines(Path.Combine(outDir, "loss.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "config.json")));
    }

    [Fact]
    public void TinyRun_WithBFloat16Convolutions_LowersTheLossLikeFloat32_AndRecordsThePrecision()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 22);
        TrainingConfig fp32 = TinyTraining.Config(steps: 40, lr: 2e-3);
        TrainingConfig mixed = fp32 with { Training = fp32.Training with { Precision = "bf16" } };
        var fp32Losses = new List<LossRecord>();
        var mixedLosses = new List<LossRecord>();
        TinyTraining.Run(data, temp.Combine("fp32"), fp32, losses: fp32Losses);
        TinyTraining.Run(data, temp.Combine("bf16"), mixed, losses: mixedLosses);

        double early = mixedLosses.Take(5).Average(r => r.Perceptual);
        double late = mixedLosses.TakeLast(5).Average(r => r.Perceptual);
        double fp32Late = fp32Losses.TakeLast(5).Average(r => r.Perceptual);
        Assert.True(late < 0.8 * early, $"bf16: pixel loss went from {early:0.000} to {late:0.000}");
        Assert.True(Math.Abs(late - fp32Late) < 0.15 * fp32Late, $"bf16 ends at {late:0.000}, float32 at {fp32Late:0.000}");
        Assert.NotEqual(fp32Losses[^1].Loss, mixedLosses[^1].Loss);
        Assert.Contains("\"precision\": \"bf16\"", File.ReadAllText(Path.Combine(temp.Combine("bf16"), "config.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void CancellationRequested_FinishesTheStepSavesAndReportsInterrupted()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 23);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        TrainResult result = TinyTraining.Run(data, temp.Combine("out"), TinyTraining.Config(steps: 10), stop: cancel.Token);
        Assert.True(result.Interrupted);
        Assert.Equal(1, result.Step);
        Assert.Equal(1, CheckpointStore.Latest(temp.Combine("out"))!.Step);
    }

    [Fact]
    public void NaNWeights_StopTraining_AndTheLastGoodCheckpointStaysLatest()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 24);
        string outDir = temp.Combine("out");
        TrainingConfig config = TinyTraining.Config(steps: 10, checkpointInterval: 2);
        void Poison(VUnetStream.Render.Model.VUnet model, long step)
        {
            if (step == 3)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                model.parameters().First().fill_(double.NaN);
            }
        }

        var ex = Assert.Throws<NonFiniteModelException>(() => TinyTraining.Run(data, outDir, config, afterStep: Poison));
        Assert.Contains("step 4", ex.Message, StringComparison.Ordinal);
        Checkpoint latest = CheckpointStore.Latest(outDir)!;
        Assert.Equal(2, latest.Step);
        using var runner = new VUnetRunner(ModelLoader.Load(latest), ownsModel: true);
        CheckpointStore.EnsureFinite(runner.Model, latest.Step);
    }

    [Fact]
    public void Start_InAFolderWithARun_FailsAndPointsToResume()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 25);
        TinyTraining.Run(data, temp.Combine("out"), TinyTraining.Config(steps: 1));
        var ex = Assert.Throws<InvalidOperationException>(() => TinyTraining.Run(data, temp.Combine("out"), TinyTraining.Config(steps: 1)));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
    }
}
