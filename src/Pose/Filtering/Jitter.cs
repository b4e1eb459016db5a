using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Filtering;

/// <summary>
/// Jitter of a keypoint sequence: the mean magnitude of the frame-to-frame acceleration
/// |p(t+1) − 2·p(t) + p(t−1)| over every joint present in three consecutive frames, in pixels per
/// frame². Smooth motion scores near 0; frame-to-frame noise of σ pixels scores about 2.5σ.
/// </summary>
public static class Jitter
{
    public static JitterResult Measure(IReadOnlyList<PersonPose> poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        double sum = 0;
        long count = 0;
        for (int t = 1; t + 1 < poses.Count; t++)
        {
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Keypoint a = poses[t - 1][j], b = poses[t][j], c = poses[t + 1][j];
                if (!a.IsPresent || !b.IsPresent || !c.IsPresent)
                {
                    continue;
                }

                double ax = c.X - 2.0 * b.X + a.X, ay = c.Y - 2.0 * b.Y + a.Y;
                sum += Math.Sqrt(ax * ax + ay * ay);
                count++;
            }
        }

        float[] heights = poses.Where(p => p.PresentCount >= 10).Select(BodyMeasure.VerticalExtent).Order().ToArray();
        double height = heights.Length == 0 ? double.NaN : heights[heights.Length / 2];
        double mean = count == 0 ? double.NaN : sum / count;
        return new JitterResult(mean, mean / height, count);
    }
}

/// <summary>Jitter in px/frame², the same divided by the clip's median body height, and the number of joint triples it averages.</summary>
public readonly record struct JitterResult(double PixelsPerFrame2, double BodyHeightsPerFrame2, long Samples);
