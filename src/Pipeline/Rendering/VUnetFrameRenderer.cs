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
    private readonly Tensor _background;
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
        _background = (background ?? RenderBackground.Default).ToTensor(model.Config.ImageSize, device);
        using (inference_mode())
        using (NewDisposeScope())
        {
            // In the model's own dtype (bfloat16 where the loader converted it), so no layer mixes formats.
            Tensor crops = PartCrops.Extract(targetImage, targetPose, model.Config.BoxFactor).unsqueeze(0).to(device).to(model.WeightType);
            _appearance = model.EncodeAppearance(crops).MoveToOuterDisposeScope();
        }
    }

    public int ImageSize => _model.Config.ImageSize;

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
            Tensor images = AlphaComposite.Over(_model.Decode(shape, _appearance).to(ScalarType.Float32), _background).cpu();
            return ImageTensors.ToBgrBatch(images);
        }
    }

    public void Dispose()
    {
        _appearance.Dispose();
        _background.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
