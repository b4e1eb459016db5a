using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace VUnetStream.Pose.Estimation;

/// <summary>What the landmark network says about one region: 39 points in network-input pixels and a person score.</summary>
internal sealed class LandmarkOutput
{
    public const int PointCount = 39;
    public const int BodyPointCount = 33;

    /// <summary>Index of the hip-centre alignment point (first auxiliary point after the 33 body landmarks).</summary>
    public const int HipCenterPoint = 33;

    /// <summary>Index of the point on the circle around the body (second auxiliary point).</summary>
    public const int CirclePoint = 34;

    private readonly float[] _values;

    internal LandmarkOutput(float[] values, float personScore)
    {
        if (values.Length != PointCount * 5)
        {
            throw new InvalidDataException($"BlazePose gave {values.Length} landmark values; expected {PointCount * 5}");
        }

        _values = values;
        PersonScore = personScore;
    }

    /// <summary>The network's confidence that a person is in the region, in [0, 1].</summary>
    public float PersonScore { get; }

    public Point2f Point(int i) => new(_values[i * 5], _values[i * 5 + 1]);

    /// <summary>Raw logit that landmark <paramref name="i"/> is visible (not occluded).</summary>
    public float VisibilityLogit(int i) => _values[i * 5 + 3];

    /// <summary>Raw logit that landmark <paramref name="i"/> lies inside the region.</summary>
    public float PresenceLogit(int i) => _values[i * 5 + 4];
}

/// <summary>
/// One BlazePose landmark network loaded with OpenCV DNN from its <c>.tflite</c> file. Input: 256×256
/// RGB in [0, 1]; outputs used: <c>Identity</c> (39 × x, y, z, visibility logit, presence logit) and
/// <c>Identity_1</c> (person score). Several regions can be run as one batch. Not thread-safe: use one
/// instance per thread.
/// </summary>
internal sealed class BlazePoseNetwork : IDisposable
{
    private static readonly string[] OutputNames = ["Identity", "Identity_1"];
    private readonly Net _net;

    public BlazePoseNetwork(BlazePoseModel model, string? modelDirectory = null)
    {
        Model = model;
        string path = BlazePoseModelFiles.Locate(model, modelDirectory);
        try
        {
            _net = CvDnn.ReadNet(path);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"BlazePose model '{path}' cannot be loaded by OpenCV DNN ({ex.Message}); run ./scripts/setup.sh to fetch it again", ex);
        }

        if (_net.Empty())
        {
            throw new InvalidDataException($"BlazePose model '{path}' loaded as an empty network; run ./scripts/setup.sh to fetch it again");
        }
    }

    public BlazePoseModel Model { get; }

    /// <summary>Runs the network on 256×256 BGR crops (one forward pass for all of them).</summary>
    public IReadOnlyList<LandmarkOutput> Run(IReadOnlyList<Mat> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count == 0)
        {
            return [];
        }

        using Mat blob = CvDnn.BlobFromImages(crops, 1.0 / 255.0, new Size(PoseRegion.InputSize, PoseRegion.InputSize), default, swapRB: true, crop: false);
        _net.SetInput(blob);
        Mat[] outputs = [new Mat(), new Mat()];
        try
        {
            _net.Forward(outputs, OutputNames);
            outputs[0].GetArray(out float[] landmarks);
            outputs[1].GetArray(out float[] scores);
            int per = LandmarkOutput.PointCount * 5;
            if (landmarks.Length != per * crops.Count || scores.Length != crops.Count)
            {
                throw new InvalidDataException(
                    $"BlazePose {Model} returned {landmarks.Length} landmark values and {scores.Length} scores for {crops.Count} regions");
            }

            var result = new LandmarkOutput[crops.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = new LandmarkOutput(landmarks[(i * per)..((i + 1) * per)], scores[i]);
            }

            return result;
        }
        finally
        {
            foreach (Mat m in outputs)
            {
                m.Dispose();
            }
        }
    }

    public void Dispose() => _net.Dispose();
}
