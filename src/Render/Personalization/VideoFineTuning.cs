using System.Globalization;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Personalization;

/// <summary>
/// How <c>vunet personalize --video</c> fine-tunes a trained VUNet on the frames of one person's video with the normal
/// trainer: the checkpoint's model and objective (pixel and alpha terms, perceptual terms if it has a loss network,
/// batch size, Adam betas) with
/// <list type="bullet">
/// <item>Adam from zero moments at <see cref="Lr"/>, constant for the first half, then linear to 0 (the trainer's
/// schedule), so the last steps settle instead of ending on a full-size step;</item>
/// <item>β held where the checkpoint's KL schedule stood when it was saved (the balance its weights were trained
/// under; a ramp written for a 16k-step run has no meaning over a thousand steps);</item>
/// <item>appearance from another frame of the person (<see cref="AppearanceSources.SamePerson"/>): the look of one
/// frame in the pose of another, as the model is used afterwards;</item>
/// <item>no held-out transfer monitor (one person: retrieval has nobody to tell apart), checkpoints every quarter.</item>
/// </list>
/// Why 1e-4: Adam moves each weight by about lr per step whatever the gradient's scale. 1e-4 is near the rate the
/// default model was at when it was saved (3e-4 decaying, 1.2e-4 at step 9,909) and the rate photo personalisation
/// uses; over 1,000 steps it can move a weight ~0.1, enough to fit one person's clothes, while the pose-to-shape
/// mapping learnt from thousands of people is not unlearnt (the paper's 1e-3 on one person moves it ten times as far).
/// </summary>
public sealed record VideoFineTuning
{
    /// <summary>
    /// The default length: 1,000 steps of batch 8 (8,000 images, several passes over the kept frames of a 1–2 minute
    /// video) take ~20 minutes at 128² on 2 cores (~1.2 s per step), which with the frames' pose and mask
    /// estimation keeps the whole command well under an hour.
    /// </summary>
    public const int DefaultSteps = 1000;

    public const double DefaultLr = 1e-4;

    public int Steps { get; init; } = DefaultSteps;

    public double Lr { get; init; } = DefaultLr;

    /// <summary>The training config of the fine-tuning run from <paramref name="from"/>.</summary>
    public TrainingConfig ConfigFor(Checkpoint from)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (Steps < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--steps must be at least 1, got {Steps}"));
        }

        if (!(Lr > 0 && double.IsFinite(Lr)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the fine-tuning learning rate must be a positive number, got {Lr}"));
        }

        double beta = Personalizer.CheckpointBeta(from);
        long quarter = Math.Max(1, Steps / 4);
        TrainingOptions training = from.Config.Training with
        {
            Steps = Steps,
            Lr = Lr,
            LrConstantSteps = Steps / 2,
            KlWeightStart = beta,
            KlWeightEnd = beta,
            AppearanceFrom = AppearanceSources.SamePerson,
            HeldOutTransfers = 0,
            CheckpointInterval = quarter,
            SampleInterval = quarter,
            KeepCheckpoints = 2,
        };
        training.Validate("video fine-tuning");
        return from.Config with { Training = training };
    }
}
