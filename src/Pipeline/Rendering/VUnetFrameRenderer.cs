using OpenCvSharp;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Pipeline.Rendering;

/// <summary>
/// Renders frames with a trained VUNet and one appearance code z, encoded once from the target person
/// as the posterior mean (deterministic, so every frame gets the same look). Must be created and used on
/// the job's inference thread.
/// </summary>
public sealed class VUnetFrameRenderer : IFrameRenderer
{
    private readonly VUnet _model;
    private readonly Latents _appearance;
    private readonly Device _device;
    private readonly Tensor? _background;
    private readonly bool _ownsModel;

    /// <summary>
    /// Encodes the appearance of <paramref name="targetImage"/> (square, model size) with pose <paramref name="targetPose"/>;
    /// an alpha model's person is composited onto <paramref name="background"/> (<see cref="RenderBackground.Default"/> when null).
    /// The renderer disposes the model unless <paramref name="ownsModel"/> is false (a model a host keeps between jobs).
    /// </summary>
    public VUnetFrameRenderer(VUnet model, Mat targetImage, Core.Keypoints.PersonPose targetPose, Device device, RenderBackground? background = null, bool ownsModel = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _ownsModel = ownsModel;
        _device = device;
        background ??= RenderBackground.Default;
        KeepsAlpha = background.IsPlaced && model.Config.OutputAlpha;
        _background = KeepsAlpha ? null : (background.IsPlaced ? RenderBackground.Default : background).ToTensor(model.Config.ImageSize, device);
        using (inference_mode())
        using (NewDisposeScope())
        {
            // In the model's own dtype (bfloat16 where the loader converted it), so no layer mixes formats.
            Tensor crops = PartCrops.Extract(targetImage, targetPose, model.Config.BoxFactor).unsqueeze(0).to(device).to(model.WeightType);
            _appearance = model.EncodeAppearance(crops).MoveToOuterDisposeScope();
        }
    }

    public int ImageSize => _model.Config.ImageSize;

    /// <summary>
    /// True when the frames come back as BGRA (CV_8UC4, alpha = the model's matte) for a placed background
    /// (<see cref="RenderBackground.IsPlaced"/>) on an alpha model; otherwise BGR, composited here.
    /// </summary>
    public bool KeepsAlpha { get; }

    public string Device => _device.ToString();

    /// <summary>The dtype the model renders in (float32 or bfloat16).</summary>
    public ScalarType Precision => _model.WeightType;

    public IReadOnlyList<Mat> RenderBatch(IReadOnlyList<Mat> stickmen)
    {
        ArgumentNullException.ThrowIfNull(stickmen);
        using (inference_mode())
        using (NewDisposeScope())
        {
            Tensor shape = stack(stickmen.Select(Stickman.ToTensor).ToArray()).to(_device).to(_model.WeightType);
            Tensor output = _model.Decode(shape, _appearance).to(ScalarType.Float32);
            if (_background is not null)
            {
                return ImageTensors.ToBgrBatch(AlphaComposite.Over(output, _background).cpu());
            }

            Mat[] colours = ImageTensors.ToBgrBatch(output.narrow(1, 0, VUnetConfig.ImageChannels).cpu());
            // Alpha in [0, 1] → [−1, 1] so ToBgr's scaling gives 0–255; one grey channel per frame.
            Tensor alpha = AlphaComposite.Alpha(output)!.mul(2.0).sub(1.0).expand(-1, 3, -1, -1).cpu();
            Mat[] alphas = ImageTensors.ToBgrBatch(alpha);
            var result = new Mat[colours.Length];
            for (int i = 0; i < result.Length; i++)
            {
                using Mat colour = colours[i];
                using Mat a3 = alphas[i];
                using Mat a = a3.ExtractChannel(0);
                Mat[] channels = Cv2.Split(colour);
                result[i] = new Mat();
                Cv2.Merge([channels[0], channels[1], channels[2], a], result[i]);
                Array.ForEach(channels, c => c.Dispose());
            }

            return result;
        }
    }

    public void Dispose()
    {
        _appearance.Dispose();
        _background?.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
