using System.Globalization;

namespace VUnetStream.Synth.Body;

/// <summary>
/// Bone lengths of one person in units of an average standing height (1.0 from sole to crown).
/// Together with a <see cref="BodyPose"/> they fix the skeleton and so the keypoints.
/// </summary>
public sealed record BodyProportions
{
    /// <summary>Overall size; every length below is multiplied by it.</summary>
    public double Height { get; init; } = 1.0;

    /// <summary>Head size relative to average (vertical head radius 0.068).</summary>
    public double HeadSize { get; init; } = 1.0;

    /// <summary>Distance between the shoulder joints.</summary>
    public double ShoulderWidth { get; init; } = 0.21;

    /// <summary>Distance between the hip joints.</summary>
    public double HipWidth { get; init; } = 0.145;

    /// <summary>From the mid-hip to the neck (mid-shoulder) joint.</summary>
    public double TorsoLength { get; init; } = 0.30;

    /// <summary>From the neck joint to the base of the head.</summary>
    public double NeckLength { get; init; } = 0.045;

    public double UpperArm { get; init; } = 0.175;

    public double Forearm { get; init; } = 0.155;

    public double Thigh { get; init; } = 0.245;

    public double Shin { get; init; } = 0.235;

    public const double AverageHeadRadius = 0.068;

    public static BodyProportions Average { get; } = new();

    public double HeadRadius => AverageHeadRadius * HeadSize * Height;

    /// <summary>Samples proportions within the range of adults.</summary>
    public static BodyProportions Sample(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double arms = rng.Uniform(0.93, 1.07);
        double legs = rng.Uniform(0.93, 1.07);
        return new BodyProportions
        {
            Height = rng.Uniform(0.9, 1.1),
            HeadSize = rng.Uniform(0.88, 1.12),
            ShoulderWidth = 0.21 * rng.Uniform(0.86, 1.14),
            HipWidth = 0.145 * rng.Uniform(0.9, 1.12),
            TorsoLength = 0.30 * rng.Uniform(0.93, 1.07),
            NeckLength = 0.045 * rng.Uniform(0.85, 1.15),
            UpperArm = 0.175 * arms,
            Forearm = 0.155 * arms * rng.Uniform(0.97, 1.03),
            Thigh = 0.245 * legs,
            Shin = 0.235 * legs * rng.Uniform(0.97, 1.03),
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first length that is not positive and sane.</summary>
    public void Validate()
    {
        foreach ((string name, double value) in new[]
                 {
                     ("height", Height), ("head size", HeadSize), ("shoulder width", ShoulderWidth), ("hip width", HipWidth),
                     ("torso length", TorsoLength), ("neck length", NeckLength), ("upper arm", UpperArm), ("forearm", Forearm),
                     ("thigh", Thigh), ("shin", Shin),
                 })
        {
            if (!(value > 0 && value < 3))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"body {name} {value} must be positive and below 3"));
            }
        }
    }
}
