using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Tests.Training;

/// <summary>
/// The appearance path end to end: a tiny alpha model trained for a few hundred steps on 4 people in very
/// different colours, each drawn in the SAME 4 poses (so the stickman cannot tell who it is: only z can),
/// must reconstruct each person's part colours far better than the mean person does, and render person P's
/// crops in another pose in P's colours. A model whose decoder ignores z scores the mean person's error and
/// chance retrieval here, whatever its loss.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public sealed class AppearanceOverfitTests
{
    private const int Size = 32;
    private const int Poses = 4;

    private static readonly TinyPeople.Look[] Looks =
    [
        new(new Scalar(200, 200, 200), new Scalar(90, 140, 200), new Scalar(30, 30, 220), new Scalar(220, 60, 20)),   // red shirt, blue trousers
        new(new Scalar(200, 200, 200), new Scalar(60, 90, 140), new Scalar(40, 200, 40), new Scalar(30, 30, 30)),     // green shirt, black trousers
        new(new Scalar(200, 200, 200), new Scalar(150, 190, 230), new Scalar(220, 40, 220), new Scalar(40, 220, 240)), // magenta shirt, yellow trousers
        new(new Scalar(200, 200, 200), new Scalar(40, 60, 90), new Scalar(245, 245, 245), new Scalar(20, 120, 240)),   // white shirt, orange trousers
    ];

    [Fact]
    public void TinyAlphaModel_FourPeopleInSharedPoses_ReconstructsTheirColours_AndTransfersThemToOtherPoses()
    {
        using var temp = new TempFolder();
        string data = WriteSharedPoseDataset(temp.Path);
        var config = new TrainingConfig(
            new VUnetConfig { ImageSize = Size, BaseFilters = 16, MaxFilters = 32, BoxFactor = 1, BottleneckFactor = 2, OutputAlpha = true }.Validated(),
            new TrainingOptions
            {
                BatchSize = 8, Steps = 300, Lr = 1e-3, LrConstantSteps = 300, KlWeightStart = 1e-6, KlWeightEnd = 1e-6,
                LossNetwork = "none", PersonLossWeight = 4, Seed = 3, InitImages = 16,
                CheckpointInterval = 1000, SampleInterval = 1000, LogInterval = 50, Threads = 2, Prefetch = 2, SampleImages = 2,
                HeldOutTransfers = 0,
            });

        TrainResult result = TinyTraining.Run(data, temp.Combine("run"), config);
        using var runner = new VUnetRunner(ModelLoader.Load(result.LastCheckpoint!), ownsModel: true);
        PoseDataset train = PoseDataset.Open(data, DatasetSplit.Train);
        using ModelInputs inputs = runner.Load(train.Samples);

        // Reconstruction: each image from its own crops, scored against itself.
        Mat[] reconstructions = runner.Reconstruct(inputs);
        using Mat mean = MeanPerson.Of(inputs.SquareImages);
        double modelError = Enumerable.Range(0, inputs.Count).Average(i => PartColours.Error(reconstructions[i], inputs.SquareImages[i], inputs.Poses[i]));
        double meanError = Enumerable.Range(0, inputs.Count).Average(i => PartColours.Error(mean, inputs.SquareImages[i], inputs.Poses[i]));
        Dispose(reconstructions);
        Assert.True(meanError > 40, $"the looks are meant to differ strongly: mean-person error only {meanError:F1}");
        Assert.True(modelError < 0.35 * meanError, $"reconstruction part-colour error {modelError:F1} is not well under the mean person's {meanError:F1}");

        // Transfer: person P's crops (from pose p) in pose q ≠ p must come out in P's colours, i.e. nearest to P's truth in pose q.
        int hits = 0, total = 0;
        for (int q = 0; q < Poses; q++)
        {
            int[] inPoseQ = [.. Enumerable.Range(0, Looks.Length).Select(look => Index(look, q))];
            PartColours[] truths = [.. inPoseQ.Select(i => PartColours.Measure(inputs.SquareImages[i], inputs.Poses[i]))];
            foreach (int person in Enumerable.Range(0, Looks.Length))
            {
                int source = Index(person, (q + 1) % Poses);
                using ModelInputs look = runner.Load([train.Samples[source]]);
                using ModelInputs pose = runner.Load([train.Samples[inPoseQ[person]]]);
                Mat[] output = runner.TransferPairs(look, pose);
                PartColours colours = PartColours.Measure(output[0], inputs.Poses[inPoseQ[person]]);
                Dispose(output);
                int nearest = Enumerable.Range(0, Looks.Length).MinBy(candidate => PartColours.Distance(colours, truths[candidate]));
                hits += nearest == person ? 1 : 0;
                total++;
            }
        }

        Assert.True(hits >= total - 2, $"only {hits} of {total} transfers took the colours of the person whose crops they were given (chance {total / Looks.Length})");
    }

    private static int Index(int look, int pose) => look * Poses + pose;

    private static string WriteSharedPoseDataset(string root)
    {
        var random = new Random(5);
        PersonPose[] poses = [.. Enumerable.Range(0, Poses).Select(_ => TinyPeople.RandomPose(random, Size))];
        string train = Path.Combine(root, "train");
        Directory.CreateDirectory(Path.Combine(train, "images"));
        Directory.CreateDirectory(Path.Combine(train, "masks"));
        var entries = new List<(string, PersonPose)>();
        var people = new List<string> { "image,person" };
        for (int look = 0; look < Looks.Length; look++)
        {
            for (int p = 0; p < Poses; p++)
            {
                string name = $"look{look}_pose{p}.png";
                using Mat image = TinyPeople.Render(poses[p], Looks[look], Size);
                using Mat mask = TinyPeople.RenderMask(poses[p], Size);
                Cv2.ImWrite(Path.Combine(train, "images", name), image);
                Cv2.ImWrite(Path.Combine(train, "masks", name), mask);
                entries.Add((name, poses[p]));
                people.Add($"{name},{look}");
            }
        }

        BenchmarkCsv.Write(Path.Combine(train, "annotations.csv"), entries);
        File.WriteAllLines(Path.Combine(train, "people.csv"), people);
        return train;
    }

    private static void Dispose(Mat[] images)
    {
        foreach (Mat m in images)
        {
            m.Dispose();
        }
    }
}
