using System.Runtime.InteropServices;
using OpenCvSharp;
using static TorchSharp.torch;

namespace VUnetStream.Render.Shape;

/// <summary>
/// Conversions between OpenCV images (8-bit BGR, H×W×3) and the model's tensors (float, [3, H, W], RGB,
/// scaled to [−1, 1] by x/127.5 − 1 as in the original preprocessing).
/// </summary>
public static class ImageTensors
{
    /// <summary>An 8-bit BGR image as an RGB float tensor [3, H, W] in [−1, 1].</summary>
    public static Tensor FromBgr(Mat imageBgr)
    {
        using var scope = NewDisposeScope();
        Tensor chw = FromMatChannels(imageBgr);
        return chw.flip(0).MoveToOuterDisposeScope();
    }

    /// <summary>An 8-bit 3-channel Mat as a float tensor [3, H, W] in [−1, 1], keeping the Mat's channel order.</summary>
    public static Tensor FromMatChannels(Mat image)
    {
        byte[] bytes = ReadBytes(image, out int height, out int width);
        using var scope = NewDisposeScope();
        Tensor hwc = tensor(bytes, [height, width, 3], ScalarType.Byte);
        Tensor chw = hwc.permute(2, 0, 1).to_type(ScalarType.Float32).div_(127.5).sub_(1.0);
        return chw.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Several same-sized BGR images as [N, 3, H, W].</summary>
    public static Tensor FromBgrBatch(IReadOnlyList<Mat> imagesBgr)
    {
        ArgumentNullException.ThrowIfNull(imagesBgr);
        if (imagesBgr.Count == 0)
        {
            throw new ArgumentException("no images to convert", nameof(imagesBgr));
        }

        using var scope = NewDisposeScope();
        Tensor[] items = imagesBgr.Select(FromBgr).ToArray();
        EnsureSameShape(items);
        return stack(items).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// An RGB tensor [3, H, W] (values meant to lie in [−1, 1]; clipped) as an 8-bit BGR image.
    /// Any floating dtype is accepted (float32, bfloat16, ...).
    /// </summary>
    public static Mat ToBgr(Tensor imageRgb)
    {
        ArgumentNullException.ThrowIfNull(imageRgb);
        if (imageRgb.dim() != 3 || imageRgb.shape[0] != 3)
        {
            throw new ArgumentException($"expected an image tensor [3, H, W], got [{string.Join(", ", imageRgb.shape)}]", nameof(imageRgb));
        }

        int height = (int)imageRgb.shape[1];
        int width = (int)imageRgb.shape[2];
        byte[] bytes;
        using (var scope = NewDisposeScope())
        {
            Tensor scaled = imageRgb.detach().to(ScalarType.Float32, CPU)
                .clamp(-1.0, 1.0).add(1.0).mul(127.5).round();
            Tensor hwc = scaled.flip(0).permute(1, 2, 0).to_type(ScalarType.Byte).contiguous();
            bytes = hwc.data<byte>().ToArray();
        }

        var mat = new Mat(height, width, MatType.CV_8UC3);
        Marshal.Copy(bytes, 0, mat.Data, bytes.Length);
        return mat;
    }

    /// <summary>A batch [N, 3, H, W] as N BGR images.</summary>
    public static Mat[] ToBgrBatch(Tensor imagesRgb)
    {
        ArgumentNullException.ThrowIfNull(imagesRgb);
        if (imagesRgb.dim() != 4)
        {
            throw new ArgumentException($"expected a batch [N, 3, H, W], got [{string.Join(", ", imagesRgb.shape)}]", nameof(imagesRgb));
        }

        var result = new Mat[imagesRgb.shape[0]];
        for (int i = 0; i < result.Length; i++)
        {
            using Tensor item = imagesRgb[i];
            result[i] = ToBgr(item);
        }

        return result;
    }

    internal static byte[] ReadBytes(Mat image, out int height, out int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty())
        {
            throw new ArgumentException("the image is empty", nameof(image));
        }

        if (image.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"expected an 8-bit 3-channel image, got {image.Type()}", nameof(image));
        }

        height = image.Rows;
        width = image.Cols;
        var bytes = new byte[height * width * 3];
        if (image.IsContinuous())
        {
            Marshal.Copy(image.Data, bytes, 0, bytes.Length);
        }
        else
        {
            // A view into a larger image (ROI): copy it into contiguous memory first.
            using Mat continuous = image.Clone();
            Marshal.Copy(continuous.Data, bytes, 0, bytes.Length);
        }

        return bytes;
    }

    private static void EnsureSameShape(Tensor[] items)
    {
        long[] first = items[0].shape;
        foreach (Tensor t in items)
        {
            if (!t.shape.SequenceEqual(first))
            {
                throw new ArgumentException(
                    $"images in one batch must have the same size, got [{string.Join(", ", first)}] and [{string.Join(", ", t.shape)}]");
            }
        }
    }
}
