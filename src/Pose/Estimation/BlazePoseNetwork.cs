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

    internal LandmarkOutput(float[] values, float personScore, float[]? segmentationLogits = null)
    {
        if (values.Length != PointCount * 5)
        {
            throw new InvalidDataException($"BlazePose gave {values.Length} landmark values; expected {PointCount * 5}");
        }

        if (segmentationLogits is not null && segmentationLogits.Length != SegmentationValues)
        {
            throw new InvalidDataException($"BlazePose gave {segmentationLogits.Length} segmentation values; expected {SegmentationValues}");
        }

        _values = values;
        PersonScore = personScore;
        SegmentationLogits = segmentationLogits;
    }

    /// <summary>Values of the segmentation output: one logit per network-input pixel.</summary>
    public const int SegmentationValues = PoseRegion.InputSize * PoseRegion.InputSize;

    /// <summary>
    /// The person-mask logits of the region, row-major over the 256×256 network input (pixel (u, v) of the
    /// crop is at v·256 + u); null unless the segmentation output was asked for.
    /// </summary>
    public float[]? SegmentationLogits { get; }

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
/// RGB in [0, 1]; outputs used: <c>Identity</c> (39 × x, y, z, visibility logit, presence logit),
/// <c>Identity_1</c> (person score) and, when asked for, <c>Identity_2</c> (the person-mask logits of the
/// region, [1, 1, 256, 256] in OpenCV's layout, pixel-aligned with the input; the GHUM model's
/// <c>output_segmentation</c>). <c>Identity_3</c> (39 heatmaps of 64²) and <c>Identity_4</c> (world
/// landmarks) are not read. Several regions can be run as one batch. Not thread-safe: use one instance
/// per thread.
/// </summary>
internal sealed class BlazePoseNetwork : IDisposable
{
    private static readonly string[] OutputNames = ["Identity", "Identity_1"];
    private static readonly string[] OutputNamesWithSegmentation = ["Identity", "Identity_1", "Identity_2"];
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

    /// <summary>
    /// Runs the network on 256×256 BGR crops (one forward pass for all of them); with
    /// <paramref name="segmentation"/> each output also carries the region's person-mask logits, from the same pass.
    /// </summary>
    public IReadOnlyList<LandmarkOutput> Run(IReadOnlyList<Mat> crops, bool segmentation = false)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count == 0)
        {
            return [];
        }

        using Mat blob = CvDnn.BlobFromImages(crops, 1.0 / 255.0, new Size(PoseRegion.InputSize, PoseRegion.InputSize), default, swapRB: true, crop: false);
        _net.SetInput(blob);
        string[] names = segmentation ? OutputNamesWithSegmentation : OutputNames;
        Mat[] outputs = names.Select(_ => new Mat()).ToArray();
        try
        {
            _net.Forward(outputs, names);
            outputs[0].GetArray(out float[] landmarks);
            outputs[1].GetArray(out float[] scores);
            int per = LandmarkOutput.PointCount * 5;
            if (landmarks.Length != per * crops.Count || scores.Length != crops.Count)
            {
                throw new InvalidDataException(
                    $"BlazePose {Model} returned {landmarks.Length} landmark values and {scores.Length} scores for {crops.Count} regions");
            }

            float[]? masks = segmentation ? ReadAll(outputs[2]) : null;
            int perMask = LandmarkOutput.SegmentationValues;
            if (masks is not null && masks.Length != perMask * crops.Count)
            {
                throw new InvalidDataException(
                    $"BlazePose {Model} returned {masks.Length} segmentation values for {crops.Count} regions; expected {perMask} each");
            }

            var result = new LandmarkOutput[crops.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = new LandmarkOutput(landmarks[(i * per)..((i + 1) * per)], scores[i], masks?[(i * perMask)..((i + 1) * perMask)]);
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

    // GetArray reads only two-dimensional Mats; the segmentation output has four dimensions.
    private static float[] ReadAll(Mat output)
    {
        if (output.Type() != MatType.CV_32FC1 || !output.IsContinuous())
        {
            throw new InvalidDataException($"BlazePose segmentation output is {output.Type()}, expected continuous 32-bit floats");
        }

        var values = new float[output.Total()];
        System.Runtime.InteropServices.Marshal.Copy(output.Data, values, 0, values.Length);
        return values;
    }

    public void Dispose() => _net.Dispose();
}
