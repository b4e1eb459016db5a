namespace VUnetStream.Render.Training;

/// <summary>
/// The KL weight β(t) of the VUNet objective: a tiny constant for the first part of training (so the
/// appearance encoder learns to reconstruct before the prior pulls on it), then a linear ramp to its
/// final value. Positions are fractions of the total step count, so the same schedule works for a
/// 200-step test and a 100k-step run (the paper: 1e-6 until ½, linear to 1 at ¾).
/// </summary>
public sealed record KlWeightSchedule(double Start, double End, double RampStartFraction, double RampEndFraction)
{
    public static KlWeightSchedule Paper { get; } = new(1e-6, 1.0, 0.5, 0.75);

    public double At(long step, long totalSteps)
    {
        if (totalSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), "total steps must be positive");
        }

        double rampStart = RampStartFraction * totalSteps;
        double rampEnd = RampEndFraction * totalSteps;
        if (step <= rampStart)
        {
            return Start;
        }

        if (step >= rampEnd || rampEnd <= rampStart)
        {
            return End;
        }

        double t = (step - rampStart) / (rampEnd - rampStart);
        return Start + t * (End - Start);
    }

    public void Validate()
    {
        if (!(RampStartFraction >= 0 && RampStartFraction <= RampEndFraction && RampEndFraction <= 1))
        {
            throw new ArgumentException(
                $"KL ramp fractions must satisfy 0 <= start ({RampStartFraction}) <= end ({RampEndFraction}) <= 1");
        }

        if (!(Start >= 0 && End >= 0 && double.IsFinite(Start) && double.IsFinite(End)))
        {
            throw new ArgumentException($"KL weights must be finite and non-negative (start {Start}, end {End})");
        }
    }
}

/// <summary>
/// The learning rate: constant for the first <see cref="ConstantSteps"/> steps, then linear to 0 at
/// the last step (the paper: 1e-3, constant for 1k steps, zero at 100k). Computed from the step
/// alone, so resuming needs no scheduler state.
/// </summary>
public sealed record LearningRateSchedule(double BaseRate, long ConstantSteps)
{
    public double At(long step, long totalSteps)
    {
        if (totalSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), "total steps must be positive");
        }

        long constant = Math.Min(ConstantSteps, totalSteps);
        if (step < constant)
        {
            return BaseRate;
        }

        double decaySteps = totalSteps - constant;
        if (decaySteps <= 0)
        {
            return BaseRate;
        }

        double remaining = Math.Clamp((totalSteps - step) / decaySteps, 0.0, 1.0);
        return BaseRate * remaining;
    }
}
