using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// Analytic compute cost of the model, counted from the shapes of the convolutions actually executed:
/// each weight-normalised conv costs out_H · out_W · out_C · in_C · k² multiply-accumulates (MACs) per image.
/// Element-wise work (ELU, additions, weight normalisation, depth-to-space) is not counted; it is a few
/// percent at most. FLOPs = 2 · MACs.
/// </summary>
internal static class ModelCost
{
    /// <summary>MACs per image of one application of <paramref name="conv"/> producing an out_H × out_W map.</summary>
    public static long ConvMacs(WeightNormConv2d conv, long outHeight, long outWidth)
    {
        ArgumentNullException.ThrowIfNull(conv);
        return outHeight * outWidth * conv.OutChannels * conv.InChannels * conv.KernelSize * conv.KernelSize;
    }

    /// <summary>Runs <paramref name="run"/> and returns the MACs per image of every conv of <paramref name="model"/> it executed.</summary>
    public static long CountMacs(VUnet model, Action run)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(run);
        long total = 0;
        var removers = new List<Action>();
        foreach (WeightNormConv2d conv in model.Convolutions)
        {
            var remover = conv.register_forward_hook((module, input, output) =>
            {
                total += ConvMacs((WeightNormConv2d)module, output.shape[2], output.shape[3]);
                return output;
            });
            removers.Add(remover.remove);
        }

        try
        {
            run();
        }
        finally
        {
            foreach (Action remove in removers)
            {
                remove();
            }
        }

        return total;
    }

    /// <summary>MACs to render one frame from a known appearance code: shape encoder, decoder without the prior, output conv.</summary>
    public static long RenderMacsPerFrame(VUnet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int size = model.Config.ImageSize;
        using var scope = NewDisposeScope();
        Tensor stickman = full(1, 3, size, size, -1f);
        var latents = new Latents(model.Config.LatentShapes.Select(s => zeros(1, s[0], s[1], s[2])).ToArray());
        return CountMacs(model, () => model.Decode(stickman, latents).Dispose());
    }

    /// <summary>MACs to encode one appearance (appearance encoder + posterior means), paid once per person.</summary>
    public static long EncodeMacsPerImage(VUnet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int crop = model.Config.CropSize;
        using var scope = NewDisposeScope();
        Tensor crops = zeros(1, VUnetConfig.CropChannels, crop, crop);
        return CountMacs(model, () => model.EncodeAppearance(crops).Dispose());
    }

    /// <summary>MACs per image of one training forward pass (encoders, posterior, teacher-forced prior, decoder).</summary>
    public static long TrainingForwardMacsPerImage(VUnet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int size = model.Config.ImageSize;
        int crop = model.Config.CropSize;
        using var scope = NewDisposeScope();
        Tensor stickman = full(1, 3, size, size, -1f);
        Tensor crops = zeros(1, VUnetConfig.CropChannels, crop, crop);
        return CountMacs(model, () =>
        {
            using (no_grad())
            {
                model.forward(stickman, crops).Dispose();
            }
        });
    }
}
