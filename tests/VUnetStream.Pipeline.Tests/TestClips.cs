using VUnetStream.Tests.Shared;
using System.Diagnostics;
using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Encode;

namespace VUnetStream.Pipeline.Tests;

/// <summary>
/// Short synthetic clips for pipeline tests: each frame carries its index as a row of 10 black/white
/// 8×8 blocks (bit 0 first) in the top-left corner, readable after H.264 encoding, plus a moving figure.
/// </summary>
internal static class TestClips
{
    private const int Bits = 10;
    private const int Block = 8;

    public static void StampIndex(Mat image, int index)
    {
        for (int bit = 0; bit < Bits; bit++)
        {
            Scalar colour = ((index >> bit) & 1) == 1 ? Scalar.White : Scalar.Black;
            image.Rectangle(new Rect(bit * Block, 0, Block, Block), colour, -1);
        }
    }

    /// <summary>Reads the stamp from an image that may have been scaled by <paramref name="scale"/>.</summary>
    public static int ReadIndex(Mat image, double scale = 1.0)
    {
        int index = 0;
        for (int bit = 0; bit < Bits; bit++)
        {
            int x = (int)((bit * Block + Block / 2) * scale), y = (int)(Block / 2 * scale);
            Vec3b pixel = image.At<Vec3b>(y, x);
            if ((pixel.Item0 + pixel.Item1 + pixel.Item2) / 3 > 128)
            {
                index |= 1 << bit;
            }
        }

        return index;
    }

    /// <summary>The figure's pose in frame <paramref name="index"/> (it walks right).</summary>
    public static PersonPose PoseAt(int index, int size)
    {
        float cx = size * 0.3f + index * 2, top = size * 0.2f, h = size * 0.6f;
        var k = new Keypoint[18];
        Array.Fill(k, Keypoint.Missing);
        k[(int)Coco18.Nose] = Keypoint.At(cx, top);
        k[(int)Coco18.Neck] = Keypoint.At(cx, top + h * 0.15f);
        k[(int)Coco18.RShoulder] = Keypoint.At(cx - h * 0.12f, top + h * 0.15f);
        k[(int)Coco18.LShoulder] = Keypoint.At(cx + h * 0.12f, top + h * 0.15f);
        k[(int)Coco18.RHip] = Keypoint.At(cx - h * 0.08f, top + h * 0.55f);
        k[(int)Coco18.LHip] = Keypoint.At(cx + h * 0.08f, top + h * 0.55f);
        k[(int)Coco18.RKnee] = Keypoint.At(cx - h * 0.09f, top + h * 0.78f);
        k[(int)Coco18.LKnee] = Keypoint.At(cx + h * 0.09f, top + h * 0.78f);
        k[(int)Coco18.RAnkle] = Keypoint.At(cx - h * 0.1f, top + h);
        k[(int)Coco18.LAnkle] = Keypoint.At(cx + h * 0.1f, top + h);
        return new PersonPose(k);
    }

    public static async Task WriteClipAsync(string path, int frames, int size, double fps, bool withAudio = false)
    {
        string video = withAudio ? path + ".noaudio.mp4" : path;
        FfmpegVideoWriter writer = FfmpegVideoWriter.Start(video, new VideoEncodeOptions { Width = size, Height = size, Fps = fps, Crf = 12 });
        await using (writer)
        {
            byte[] buffer = new byte[size * size * 3];
            for (int i = 0; i < frames; i++)
            {
                using var image = new Mat(size, size, MatType.CV_8UC3, new Scalar(90, 120, 60));
                PersonPose pose = PoseAt(i, size);
                foreach ((Coco18 a, Coco18 b) in Coco18Skeleton.Bones)
                {
                    if (pose[a].IsPresent && pose[b].IsPresent)
                    {
                        image.Line((int)pose[a].X, (int)pose[a].Y, (int)pose[b].X, (int)pose[b].Y, Scalar.White, 3);
                    }
                }

                StampIndex(image, i);
                Marshal.Copy(image.Data, buffer, 0, buffer.Length);
                await writer.WriteFrameAsync(buffer);
            }

            await writer.CompleteAsync();
        }

        if (withAudio)
        {
            DefectVideos.RunTool(FfmpegTool.Path, "-hide_banner", "-loglevel", "error", "-y", "-i", video, "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100", "-shortest", "-c:v", "copy", "-c:a", "aac", path);
            File.Delete(video);
        }
    }

    /// <summary>Decodes every frame of a video (OpenCV) and applies <paramref name="read"/> to each.</summary>
    public static List<T> ReadFrames<T>(string path, Func<Mat, T> read)
    {
        using var capture = new VideoCapture(path);
        var result = new List<T>();
        using var frame = new Mat();
        while (capture.Read(frame) && !frame.Empty())
        {
            result.Add(read(frame));
        }

        return result;
    }

    public static int CountFfmpegProcesses(string outputPath) =>
        Process.GetProcessesByName("ffmpeg").Count(p =>
        {
            try
            {
                return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(Path.GetFileNameWithoutExtension(outputPath), StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });
}
