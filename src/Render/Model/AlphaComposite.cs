using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// Turns a decoder output into a picture: a 3-channel output is the picture; a 4-channel one (RGB and
/// alpha, all in [−1, 1]) is composited, α·rgb + (1 − α)·background with α = clamp((a + 1)/2, 0, 1).
/// The alpha lives on the same [−1, 1] scale as the colours, not behind a sigmoid: weight-normalised
/// convs start with unit-variance outputs and Adam moves their gain by about lr per step, so a logit would
/// need thousands of steps to reach a confident ±5 (measured: at 400 steps a sigmoid alpha still showed a
/// faded, half-transparent person), while ±1 is where the outputs start.
/// </summary>
public static class AlphaComposite
{
    /// <summary>True for a 4-channel output (RGB + alpha).</summary>
    public static bool HasAlpha(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.shape[1] == VUnetConfig.ImageChannels + 1;
    }

    /// <summary>The alpha α in [0, 1] [N, 1, S, S] of a 4-channel output, or null for a 3-channel one.</summary>
    public static Tensor? Alpha(Tensor output)
    {
        return HasAlpha(output) ? output.narrow(1, VUnetConfig.ImageChannels, 1).add(1.0).mul(0.5).clamp(0.0, 1.0) : null;
    }

    /// <summary>
    /// The output over <paramref name="background"/> ([N or 1, 3, S, S] in [−1, 1], or [3] for a plain colour);
    /// a 3-channel output is returned as it is (a view).
    /// </summary>
    public static Tensor Over(Tensor output, Tensor background)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(background);
        Tensor rgb = output.narrow(1, 0, VUnetConfig.ImageChannels);
        using Tensor? alpha = Alpha(output);
        if (alpha is null)
        {
            return rgb;
        }

        using var scope = NewDisposeScope();
        Tensor bg = background.dim() == 1 ? background.reshape(1, -1, 1, 1) : background;
        Tensor result = alpha.mul(rgb).add(alpha.neg().add(1.0).mul(bg.to(rgb.dtype)));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>A plain background colour as a [3] tensor in [−1, 1] (RGB bytes 0–255).</summary>
    public static Tensor Colour(byte red, byte green, byte blue, Device? device = null) =>
        tensor(new[] { red / 127.5f - 1f, green / 127.5f - 1f, blue / 127.5f - 1f }, device: device);
}
