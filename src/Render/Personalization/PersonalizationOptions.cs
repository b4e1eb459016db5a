using System.Globalization;

namespace VUnetStream.Render.Personalization;

/// <summary>
/// How a model is personalised on one photo (see <see cref="Personalizer"/>). The defaults: Adam at lr 1e-4 with the
/// checkpoint's betas, batches of 4 (the photo itself and 3 changed copies), a fixed seed.
/// <para>
/// Why 1e-4: Adam moves each weight by about lr per step whatever the gradient's scale, so lr says how far 100 steps
/// can pull a weight (≈ 0.01) from where training left it. It is near the rate the default model was trained at when
/// it was saved (3e-4 decaying linearly, 1.2e-4 at step 9,909), enough to fit one person's colours in ~100 steps, and
/// small enough not to unlearn the pose-to-shape mapping that a single photo cannot teach again (at the paper's 1e-3
/// the same steps move weights ten times as far, on one image).
/// </para>
/// </summary>
public sealed record PersonalizationOptions
{
    /// <summary>The most steps a job may ask for: 1,000 steps at 128² take on the order of 15 minutes on 2 cores.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Optimizer steps (iPERCore personalises its generator for about 100).</summary>
    public int Steps { get; init; } = 100;

    public double Lr { get; init; } = 1e-4;

    /// <summary>Examples per step: the photo itself and <c>BatchSize − 1</c> randomly changed copies.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Seeds the changes and the torch generator (dropout, posterior noise): the same photo gives the same model.</summary>
    public int Seed { get; init; } = 1;

    public AugmentationRanges Augmentation { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="option"/> unless 0 ≤ <paramref name="steps"/> ≤ <see cref="MaxSteps"/>.</summary>
    public static void CheckSteps(int steps, string option)
    {
        if (steps is < 0 or > MaxSteps)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{option} must be between 0 (off) and {MaxSteps} personalisation steps, got {steps} (about 100 is typical; each step is one training step on the photo)"));
        }
    }

    public void Validate()
    {
        CheckSteps(Steps, "personalisation steps");
        if (Steps < 1)
        {
            throw new ArgumentException("personalisation needs at least 1 step");
        }

        if (!(Lr > 0 && double.IsFinite(Lr)))
        {
            throw new ArgumentException($"personalisation lr must be a positive number, got {Lr}");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"personalisation batch size must be at least 1, got {BatchSize}");
        }
    }
}
