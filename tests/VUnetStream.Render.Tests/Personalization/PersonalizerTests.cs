using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Checkpoints;
using System.Text.Json.Nodes;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Personalization;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Tests.Training;
using VUnetStream.Render.Training;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Personalization;

/// <summary>A tiny alpha model trained for a few steps on tiny people with masks, and one person it never saw in two poses.</summary>
public sealed class PersonalizationFixture : IDisposable
{
    public const int Size = 32;

    private readonly TempFolder _temp = new();

    public PersonalizationFixture()
    {
        Data = TinyPeople.WriteDataset(_temp.Combine("data"), 16, 4, Size, seed: 23, transfers: 4, masks: true);
        string data = Data;
        var config = new TrainingConfig(
            TinyTraining.Model with { OutputAlpha = true },
            TinyTraining.Config(steps: 30).Training with { PersonLossWeight = 4, HeldOutTransfers = 0, LrConstantSteps = 30 });
        TrainResult result = TinyTraining.Run(data, _temp.Combine("run"), config);
        Checkpoint = result.LastCheckpoint!;

        var random = new Random(77);
        Look = new TinyPeople.Look(new Scalar(90, 160, 60), new Scalar(120, 160, 210), new Scalar(40, 40, 230), new Scalar(230, 200, 30));
        PhotoPose = TinyPeople.RandomPose(random, Size);
        HeldOutPose = TinyPeople.RandomPose(random, Size);
    }

    public Checkpoint Checkpoint { get; }

    /// <summary>The dataset root (train/ and test/ with masks, people.csv and transfer.csv).</summary>
    public string Data { get; }

    internal TinyPeople.Look Look { get; }

    public PersonPose PhotoPose { get; }

    public PersonPose HeldOutPose { get; }

    /// <summary>The person's photo: the image in <see cref="PhotoPose"/> with its exact mask.</summary>
    public PersonExample Photo(bool withMask = true)
    {
        using Mat image = TinyPeople.Render(PhotoPose, Look, Size);
        using Mat mask = TinyPeople.RenderMask(PhotoPose, Size);
        return new PersonExample(image, PhotoPose, withMask ? mask : null);
    }

    /// <summary>
    /// Mean |output − truth| over the person (the truth's mask) of the person rendered in the held-out pose from the
    /// photo's crops, in [0, 1] units of the 8-bit range.
    /// </summary>
    public double HeldOutPersonL1(VUnet model)
    {
        using var scope = NewDisposeScope();
        using Mat photo = TinyPeople.Render(PhotoPose, Look, Size);
        using Mat truth = TinyPeople.Render(HeldOutPose, Look, Size);
        using Mat mask = TinyPeople.RenderMask(HeldOutPose, Size);
        Tensor crops = PartCrops.Extract(photo, PhotoPose, model.Config.BoxFactor).unsqueeze(0);
        Tensor stickman = Stickman.ToTensor(HeldOutPose, Size, Size).unsqueeze(0);
        Tensor rgb = model.Transfer(crops, stickman).narrow(1, 0, 3).clamp(-1, 1);
        Tensor target = ImageTensors.FromBgr(truth).unsqueeze(0);
        using var maskBgr = new Mat();
        Cv2.CvtColor(mask, maskBgr, ColorConversionCodes.GRAY2BGR);
        Tensor m = ImageTensors.FromBgr(maskBgr).narrow(0, 0, 1).add(1).div(2).unsqueeze(0);
        return rgb.sub(target).abs().mul(m).sum().item<float>() / (3 * m.sum().item<float>()) / 2;
    }

    public void Dispose() => _temp.Dispose();
}

[Collection(GlobalRngCollection.Name)]
public sealed class PersonalizerTests(PersonalizationFixture fixture) : IClassFixture<PersonalizationFixture>
{
    private static readonly PersonalizationOptions Options = new() { Steps = 40, Lr = 1e-3, BatchSize = 4, Seed = 5 };

    [Fact]
    public void FineTuneCopy_RendersTheUnseenPersonInAHeldOutPoseCloserToTheTruth()
    {
        using VUnet original = ModelLoader.Load(fixture.Checkpoint);
        using PersonExample photo = fixture.Photo();
        double before = fixture.HeldOutPersonL1(original);
        var losses = new List<PersonalizationStep>();
        using VUnet personal = Personalizer.FineTuneCopy(original, fixture.Checkpoint.Config.Training, Personalizer.CheckpointBeta(fixture.Checkpoint), photo, Options, losses.Add);
        double after = fixture.HeldOutPersonL1(personal);

        Assert.Equal(Enumerable.Range(1, Options.Steps), losses.Select(l => l.Step));
        Assert.True(losses.TakeLast(5).Average(l => l.PixelL1) < 0.7 * losses.Take(5).Average(l => l.PixelL1),
            $"the photo's own pixel loss did not fall: first steps {losses.Take(5).Average(l => l.PixelL1):F3}, last {losses.TakeLast(5).Average(l => l.PixelL1):F3}");
        Assert.True(after < 0.8 * before, $"on the person in a pose it was not personalised on, L1 {after:F3} after vs {before:F3} before");
    }

    [Fact]
    public void FineTuneCopy_LeavesTheModelItCopiedUnchanged()
    {
        // A loaded model as the model cache shares it between jobs: eval mode, weights folded.
        using VUnet original = ModelLoader.Load(fixture.Checkpoint);
        Dictionary<string, Tensor> before = original.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        using PersonExample photo = fixture.Photo();
        using (var renderBefore = new InferenceProbe(original, fixture))
        {
            using VUnet personal = Personalizer.FineTuneCopy(original, fixture.Checkpoint.Config.Training, 1e-6, photo, Options with { Steps = 5 });
            Dictionary<string, Tensor> after = original.state_dict();
            Assert.All(before, kv => Assert.True(Same(kv.Value, after[kv.Key]), $"{kv.Key} of the original changed"));
            Dictionary<string, Tensor> tuned = personal.state_dict();
            Assert.Contains(before, kv => !Same(kv.Value, tuned[kv.Key]));
            Assert.False(original.training);
            renderBefore.AssertSame();
        }

        foreach (Tensor t in before.Values)
        {
            t.Dispose();
        }
    }

    [Fact]
    public void Personalize_FromTheCheckpoint_IsReadyForInference_AndIsTheSameModelAsTheCopy()
    {
        using PersonExample photo = fixture.Photo();
        PersonalizationOptions options = Options with { Steps = 8 };
        using VUnet fromFile = Personalizer.Personalize(fixture.Checkpoint, photo, options);
        using VUnet source = ModelLoader.Load(fixture.Checkpoint);
        using VUnet copy = Personalizer.FineTuneCopy(source, fixture.Checkpoint.Config.Training, Personalizer.CheckpointBeta(fixture.Checkpoint), photo, options);

        Assert.False(fromFile.training);
        Assert.All(fromFile.Convolutions, c => Assert.True(c.IsFolded));
        Assert.Equal(ScalarType.Float32, fromFile.WeightType);
        Assert.Equal(fixture.HeldOutPersonL1(copy), fixture.HeldOutPersonL1(fromFile), 4);
    }

    [Fact]
    public void Personalize_AlphaModelWithoutAMask_IsRefused()
    {
        using PersonExample photo = fixture.Photo(withMask: false);
        var error = Assert.Throws<ArgumentException>(() => Personalizer.Personalize(fixture.Checkpoint, photo, Options with { Steps = 1 }));
        Assert.Contains("mask", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_HoldsThePhotoItselfFirst_AndMovedCopiesWithTheirMasks()
    {
        using PersonExample photo = fixture.Photo();
        using ModelInputs batch = Personalizer.Batch(photo, Options, new Random(1), 2);
        Assert.Equal(4, batch.Count);
        Assert.NotNull(batch.Masks);
        using Tensor image = ImageTensors.FromBgr(photo.Image);
        Assert.True(Same(batch.Images[0], image));
        Assert.False(Same(batch.Images[1], image));
        // Mask and image moved together: the moved mask covers the moved person (non-background pixels).
        for (int i = 0; i < batch.Count; i++)
        {
            using Tensor mask = batch.Masks![i].squeeze(0);
            Assert.True(mask.sum().item<float>() > 20, "the moved mask lost the person");
        }
    }

    [Fact]
    public void RunPersonalized_ScoresTheSameTransfersWithAndWithoutPersonalisation_PerPerson()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        var progress = new List<(int Done, int Total)>();
        JsonObject json = Evaluation.RunPersonalized(runner, fixture.Checkpoint, fixture.Data, new EvalOptions { People = 2 }, Options with { Steps = 3 }, "tiny",
            (done, total) => progress.Add((done, total))).ToJson();

        Assert.Equal(2, json["transfer_pairs"]!.GetValue<double>());
        Assert.Equal(2, json["personalized_transfer_pairs"]!.GetValue<double>());
        Assert.Equal(2, json["personalize_people"]!.GetValue<double>());
        Assert.Equal(3, json["personalize_steps"]!.GetValue<double>());
        Assert.True(json["personalize_duration"]!.GetValue<double>() > 0);
        foreach (string key in new[] { "part_colour_error", "retrieval_top1", "person_ssim" })
        {
            Assert.NotNull(json["transfer_" + key]);
            Assert.NotNull(json["personalized_transfer_" + key]);
        }

        Assert.Equal((0, 6), progress[0]);
        Assert.Equal((6, 6), progress[^1]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(PersonalizationOptions.MaxSteps + 1)]
    public void CheckSteps_OutOfRange_NamesTheOptionAndTheBounds(int steps)
    {
        var error = Assert.Throws<ArgumentException>(() => PersonalizationOptions.CheckSteps(steps, "--personalize"));
        Assert.Contains("--personalize", error.Message, StringComparison.Ordinal);
        Assert.Contains($"between 0 (off) and {PersonalizationOptions.MaxSteps}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PersonalizationOptions.MaxSteps)]
    public void CheckSteps_InRange_Passes(int steps) => PersonalizationOptions.CheckSteps(steps, "--personalize");

    private static bool Same(Tensor a, Tensor b) => a.allclose(b, rtol: 0, atol: 0);

    /// <summary>A render of the model before, compared with one after (the source must still render the same).</summary>
    private sealed class InferenceProbe : IDisposable
    {
        private readonly VUnet _model;
        private readonly PersonalizationFixture _fixture;
        private readonly double _l1;

        public InferenceProbe(VUnet model, PersonalizationFixture fixture)
        {
            _model = model;
            _fixture = fixture;
            _l1 = fixture.HeldOutPersonL1(model);
        }

        public void AssertSame() => Assert.Equal(_l1, _fixture.HeldOutPersonL1(_model));

        public void Dispose()
        {
        }
    }
}
