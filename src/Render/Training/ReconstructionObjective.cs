using VUnetStream.Render.Losses;
using VUnetStream.Render.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace VUnetStream.Render.Training;

/// <summary>The reconstruction part of the training loss of one batch, and its terms for the log.</summary>
internal sealed record ReconstructionTerms(Tensor Total, Tensor Perceptual, Tensor PixelL1, Tensor AlphaL1);

/// <summary>
/// What a reconstruction is judged on. The paper's: perceptual(x, x̂). Two additions, both driven by the
/// person matte m of synthetic data:
/// <list type="bullet">
/// <item>a 4-channel (alpha) model's colours are judged on the person only: x̂ = m·rgb + (1 − m)·x with the
/// TRUE matte, so guessing a background that no part crop shows is never its job; its alpha channel is
/// trained on its own, <c>alpha_loss_weight</c> · mean|a − (2m − 1)|. (Compositing with the model's own
/// alpha instead leaks the truth: a transparent alpha shows x itself and scores a perfect pixel loss —
/// measured, a 128² run turned its alpha off within 500 steps.)</item>
/// <item><c>person_loss_weight</c> w weights the pixel term by 1 + w·m, so the few person pixels are not
/// outvoted by the background (an error on the shirt costs more than one on the wall).</item>
/// </list>
/// </summary>
internal static class ReconstructionObjective
{
    /// <summary>Throws when the options need person mattes that this dataset lacks.</summary>
    public static void CheckData(VUnetConfig model, TrainingOptions options, bool datasetHasMasks, string dataset)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (datasetHasMasks)
        {
            return;
        }

        if (model.OutputAlpha)
        {
            throw new InvalidDataException(
                $"{dataset}: the model has an alpha output (output_alpha) but the dataset has no person masks (masks/NAME beside images/); " +
                "train a 3-channel model on it or use `vunet synth dataset`, which writes them");
        }

        if (options.PersonLossWeight > 0)
        {
            throw new InvalidDataException(
                $"{dataset}: person_loss_weight needs person masks (masks/NAME beside images/), and this dataset has none; set it to 0");
        }
    }

    // The output's colours where the true matte says person, the true image elsewhere.
    private static Tensor OnTruePerson(Tensor output, Tensor images, Tensor masks)
    {
        Tensor rgb = output.narrow(1, 0, VUnetConfig.ImageChannels);
        return masks.mul(rgb).add(masks.neg().add(1.0).mul(images));
    }

    /// <summary>The reconstruction loss of <paramref name="output"/> ([N, 3 or 4, S, S]) against <paramref name="images"/>.</summary>
    public static ReconstructionTerms Compute(PerceptualLoss loss, TrainingOptions options, Tensor images, Tensor output, Tensor? masks)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(output);
        using var scope = NewDisposeScope();
        bool hasAlpha = AlphaComposite.HasAlpha(output);
        if ((hasAlpha || options.PersonLossWeight > 0) && masks is null)
        {
            throw new ArgumentException("this objective needs the batch's person masks");
        }

        Tensor reconstruction = hasAlpha ? OnTruePerson(output, images, masks!) : output;
        Tensor terms = loss.terms(images, reconstruction);
        Tensor plainPixel = terms[0];
        if (options.PersonLossWeight > 0)
        {
            Tensor weight = masks!.mul(options.PersonLossWeight).add(1.0);
            Tensor weightedPixel = reconstruction.sub(images).abs().mul(weight).mean();
            terms = terms.shape[0] > 1 ? cat([weightedPixel.unsqueeze(0), terms.narrow(0, 1, terms.shape[0] - 1)]) : weightedPixel.unsqueeze(0);
        }

        Tensor perceptual = loss.Combine(terms);
        Tensor alphaL1 = hasAlpha
            ? output.narrow(1, VUnetConfig.ImageChannels, 1).sub(masks!.mul(2.0).sub(1.0)).abs().mean()
            : zeros(1).squeeze();
        Tensor total = options.AlphaLossWeight > 0 && hasAlpha ? perceptual.add(alphaL1.mul(options.AlphaLossWeight)) : perceptual;
        var result = new ReconstructionTerms(total, perceptual, plainPixel, alphaL1);
        total.MoveToOuterDisposeScope();
        perceptual.MoveToOuterDisposeScope();
        plainPixel.MoveToOuterDisposeScope();
        alphaL1.MoveToOuterDisposeScope();
        return result;
    }
}
