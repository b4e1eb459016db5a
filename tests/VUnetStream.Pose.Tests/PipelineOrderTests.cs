using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

public sealed class PipelineOrderTests
{
    [Fact]
    public void IndependentImagesOnTwoWorkers_ComeBackInInputOrderWithTheirOwnResults()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        using Mat photo = FrameInput.ReadImage(ModelFiles.RequirePersonPhoto());
        // Even frames show the person, odd ones a blank wall: results must stay with their frames.
        IEnumerable<DecodedFrame> Frames()
        {
            for (int i = 0; i < 6; i++)
            {
                Mat image = i % 2 == 0 ? photo.Clone() : new Mat(200, 200, MatType.CV_8UC3, new Scalar(120, 120, 120));
                yield return new DecodedFrame(i, TimeSpan.Zero, image, $"f{i}");
            }
        }

        var results = FramePoseRunner.Run(Frames(), () => PoseSources.Estimator(new PoseEstimatorOptions { Model = BlazePoseModel.Lite }, independentFrames: true), workers: 2).ToList();
        try
        {
            Assert.Equal(Enumerable.Range(0, 6), results.Select(r => r.Frame.Index));
            Assert.Equal([true, false, true, false, true, false], results.Select(r => !r.Pose.IsEmpty));
        }
        finally
        {
            results.ForEach(r => r.Frame.Dispose());
        }
    }

    [Fact]
    public void FailingInput_SurfacesTheErrorToTheCaller()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        static IEnumerable<DecodedFrame> Broken()
        {
            yield return new DecodedFrame(0, TimeSpan.Zero, new Mat(64, 64, MatType.CV_8UC3, Scalar.All(0)), "f0");
            throw new InvalidDataException("frame 1 cannot be decoded");
        }

        InvalidDataException ex = Assert.Throws<InvalidDataException>(() =>
        {
            foreach ((DecodedFrame f, PersonPose _) in FramePoseRunner.Run(Broken(), () => PoseSources.Estimator(new PoseEstimatorOptions { Model = BlazePoseModel.Lite })))
            {
                f.Dispose();
            }
        });
        Assert.Contains("frame 1", ex.Message, StringComparison.Ordinal);
    }
}
