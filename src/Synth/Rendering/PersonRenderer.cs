using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Rendering;

/// <summary>
/// Renders a dressed person on a projected skeleton over a background: solid, shaded, anti-aliased
/// body parts that hide each other by depth, a soft contact shadow on the floor, and the exact
/// keypoints, mask and part labels of the result.
/// </summary>
internal static class PersonRenderer
{
    /// <summary>Supersampling used when none is given: 3×3 for small images, 2×2 from 160 px up.</summary>
    public static int DefaultSupersample(int size) => size < 160 ? 3 : 2;

    /// <summary>
    /// Renders <paramref name="look"/> on <paramref name="posed"/> (a skeleton in this image's pixels)
    /// over <paramref name="background"/> (8-bit BGR; its size is the image size; it is not modified).
    /// </summary>
    public static RenderedPerson Render(Appearance look, Skeleton posed, Mat background, int supersample = 0)
    {
        ArgumentNullException.ThrowIfNull(look);
        ArgumentNullException.ThrowIfNull(posed);
        ArgumentNullException.ThrowIfNull(background);
        if (background.Type() != MatType.CV_8UC3 || background.Empty())
        {
            throw new ArgumentException("background must be a non-empty 8-bit BGR image", nameof(background));
        }

        int width = background.Cols, height = background.Rows;
        int k = supersample > 0 ? supersample : DefaultSupersample(Math.Min(width, height));
        List<Primitive> primitives = Rendering.BodyPrimitives.Build(look, posed);
        var shader = new SurfaceShader(look, posed);
        PersonLayer layer = Rasterizer.Draw(primitives, shader, width, height, k);
        float[] shadow = ContactShadow(posed, width, height);

        byte[] bg = ReadBytes(background);
        var image = new byte[width * height * 3];
        var mask = new byte[width * height];
        var matte = new byte[width * height];
        for (int i = 0; i < width * height; i++)
        {
            float a = layer.Alpha[i];
            float keep = (1 - a) * (1 - shadow[i]);
            // OpenCV stores BGR; the layer stores RGB.
            image[3 * i] = ColorSpace.ToSrgb(layer.Color[3 * i + 2] + keep * ColorSpace.ToLinear(bg[3 * i]));
            image[3 * i + 1] = ColorSpace.ToSrgb(layer.Color[3 * i + 1] + keep * ColorSpace.ToLinear(bg[3 * i + 1]));
            image[3 * i + 2] = ColorSpace.ToSrgb(layer.Color[3 * i] + keep * ColorSpace.ToLinear(bg[3 * i + 2]));
            mask[i] = a >= 0.5f ? (byte)255 : (byte)0;
            matte[i] = (byte)Math.Clamp((int)MathF.Round(a * 255f), 0, 255);
        }

        PersonPose raw = posed.Keypoints(width, height);
        var occluded = new bool[Coco18Skeleton.JointCount];
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        for (int j = 0; j < joints.Length; j++)
        {
            Keypoint kp = raw[j];
            joints[j] = kp;
            if (kp.IsPresent)
            {
                int x = Math.Clamp((int)Math.Round(kp.X), 0, width - 1), y = Math.Clamp((int)Math.Round(kp.Y), 0, height - 1);
                occluded[j] = !JointParts.IsSeenAs((Coco18)j, (BodyPart)layer.Labels[y * width + x]);
                if (occluded[j])
                {
                    joints[j] = kp with { Confidence = 0.5f };
                }
            }
        }

        return new RenderedPerson(
            FromBytes(image, height, width, MatType.CV_8UC3),
            FromBytes(mask, height, width, MatType.CV_8UC1),
            FromBytes(matte, height, width, MatType.CV_8UC1),
            FromBytes(layer.Labels, height, width, MatType.CV_8UC1),
            new PersonPose(joints),
            occluded,
            posed);
    }

    /// <summary>A soft dark ellipse on the floor under the feet (0 = no shadow), fading when the person jumps.</summary>
    private static float[] ContactShadow(Skeleton s, int width, int height)
    {
        var result = new float[width * height];
        double u = s.Unit * s.BodyScale;
        double lowest = new[] { s[SkeletonPoint.RHeel], s[SkeletonPoint.RToe], s[SkeletonPoint.LHeel], s[SkeletonPoint.LToe] }.Max(p => p.Y);
        double lift = Math.Max(0, s.FloorY - lowest - 0.03 * u);
        double strength = 0.38 * Math.Clamp(1 - lift / (0.25 * u), 0, 1);
        if (strength <= 0 || s.FloorY < -0.1 * u || s.FloorY > height + 0.1 * u)
        {
            return result;
        }

        double[] xs = [s[SkeletonPoint.RHeel].X, s[SkeletonPoint.RToe].X, s[SkeletonPoint.LHeel].X, s[SkeletonPoint.LToe].X];
        double cx = (xs.Min() + xs.Max()) / 2, rx = (xs.Max() - xs.Min()) / 2 + 0.1 * u, ry = 0.035 * u;
        for (int y = Math.Max(0, (int)(s.FloorY - 2 * ry)); y < Math.Min(height, (int)(s.FloorY + 2 * ry) + 1); y++)
        {
            for (int x = Math.Max(0, (int)(cx - 1.6 * rx)); x < Math.Min(width, (int)(cx + 1.6 * rx) + 1); x++)
            {
                double d2 = Sq((x - cx) / rx) + Sq((y - s.FloorY) / ry);
                result[y * width + x] = (float)(strength * Math.Exp(-1.6 * d2));
            }
        }

        return result;
    }

    private static byte[] ReadBytes(Mat mat)
    {
        using Mat continuous = mat.IsContinuous() ? mat.Clone() : mat.Clone();
        var bytes = new byte[continuous.Rows * continuous.Cols * continuous.ElemSize()];
        Marshal.Copy(continuous.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    private static Mat FromBytes(byte[] bytes, int rows, int cols, MatType type)
    {
        var mat = new Mat(rows, cols, type);
        Marshal.Copy(bytes, 0, mat.Data, bytes.Length);
        return mat;
    }

    private static double Sq(double v) => v * v;
}
