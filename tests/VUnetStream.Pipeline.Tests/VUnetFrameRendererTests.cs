using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Pipeline.Tests;

/// <summary>The renderer the pipeline batches frames through: order and precision of what it returns.</summary>
public sealed class VUnetFrameRendererTests
{
    private static readonly VUnetConfig Tiny = new VUnetConfig { ImageSize = 32, BaseFilters = 8, MaxFilters = 16, BoxFactor = 2, BottleneckFactor = 2 }.Validated();

    [Fact]
    public void RenderBatch_OfDifferentPoses_ReturnsEachFrameInInputOrder_AsRenderingThemOneByOneDoes()
    {
        using VUnet model = TrainedLikeModel();
        (PersonPose target, Mat photo) = Person(0);
        using (photo)
        using (var renderer = new VUnetFrameRenderer(model, photo, target, CPU, ownsModel: false))
        {
            Mat[] stickmen = [.. Enumerable.Range(0, 5).Select(i => Stickman.Draw(ModelBenchmark.StandingPose(Tiny.ImageSize, (i - 2) * 3), Tiny.ImageSize, Tiny.ImageSize))];
            IReadOnlyList<Mat> batch = renderer.RenderBatch(stickmen);
            Mat[] single = [.. stickmen.Select(s => renderer.RenderBatch([s])[0])];

            Assert.Equal(stickmen.Length, batch.Count);
            for (int i = 0; i < stickmen.Length; i++)
            {
                // Batched convs may sum in another order: equal to within one 8-bit level.
                Assert.True(MaxDifference(batch[i], single[i]) <= 1, $"frame {i} of the batch is not frame {i} rendered alone");
            }

            // The poses differ, so a shuffled batch would be caught.
            Assert.True(MaxDifference(batch[0], batch[4]) > 10, "the test poses render alike");
            foreach (Mat m in stickmen.Concat(batch).Concat(single))
            {
                m.Dispose();
            }
        }
    }

    [Fact]
    public void ARendererOnABFloat16Model_RendersInBFloat16_AndReturnsOrdinaryImages()
    {
        using VUnet model = TrainedLikeModel();
        model.FoldWeightNormForInference();
        model.ConvertForInference(ScalarType.BFloat16);
        (PersonPose target, Mat photo) = Person(1);
        using (photo)
        using (var renderer = new VUnetFrameRenderer(model, photo, target, CPU, ownsModel: false))
        using (Mat stickman = Stickman.Draw(target, Tiny.ImageSize, Tiny.ImageSize))
        {
            Mat image = renderer.RenderBatch([stickman])[0];

            Assert.Equal(ScalarType.BFloat16, renderer.Precision);
            Assert.Equal(MatType.CV_8UC3, image.Type());
            Assert.Equal(new OpenCvSharp.Size(Tiny.ImageSize, Tiny.ImageSize), image.Size());
            image.Dispose();
        }
    }

    // Data-dependent init gives activations a realistic scale, so renders of different poses differ visibly.
    private static VUnet TrainedLikeModel()
    {
        manual_seed(4);
        var model = new VUnet(Tiny);
        ModelBenchmark.InitializeForBenchmark(model);
        model.eval();
        return model;
    }

    private static (PersonPose Pose, Mat Image) Person(int seed)
    {
        PersonPose pose = ModelBenchmark.StandingPose(Tiny.ImageSize, 0);
        return (pose, ModelBenchmark.PaintedPerson(pose, Tiny.ImageSize, new Random(seed)));
    }

    private static double MaxDifference(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        using Mat flat = difference.Reshape(1);
        flat.MinMaxLoc(out double _, out double max);
        return max;
    }
}
