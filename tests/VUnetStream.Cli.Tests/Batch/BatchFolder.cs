using VUnetStream.Synth.Output;

namespace VUnetStream.Cli.Tests.Batch;

/// <summary>A folder of short synthetic dancer clips (poses estimated by BlazePose when they run) and one file that only looks like a video.</summary>
internal static class BatchFolder
{
    public const string CorruptName = "broken.mp4";

    /// <summary>Writes clips a.mp4, b.mp4, … into <paramref name="videos"/> and returns the target photo (the first clip's person) and its keypoints.</summary>
    public static async Task<(string Photo, string PhotoKeypoints, int FramesPerClip)> WriteAsync(string root, string videos, int clips, bool corrupt)
    {
        Directory.CreateDirectory(videos);
        string photo = "";
        string keypoints = "";
        int frames = 0;
        for (int i = 0; i < clips; i++)
        {
            string clip = Path.Combine(root, $"clip{i}");
            ClipResult made = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 0.5, Size = 128, Fps = 10, Seed = 3 + i });
            File.Copy(Path.Combine(clip, ClipGenerator.VideoFile), Path.Combine(videos, $"{(char)('a' + i)}.mp4"));
            if (i == 0)
            {
                photo = Path.Combine(clip, ClipGenerator.PersonFile);
                keypoints = Path.Combine(clip, ClipGenerator.PersonKeypointsFile);
                frames = made.Frames;
            }
        }

        if (corrupt)
        {
            // An MP4's first box type followed by garbage: named like a video, does not decode.
            byte[] bytes = new byte[4096];
            new Random(1).NextBytes(bytes);
            "\0\0\0\u0018ftypisom"u8.ToArray().CopyTo(bytes, 0);
            await File.WriteAllBytesAsync(Path.Combine(videos, CorruptName), bytes);
        }

        return (photo, keypoints, frames);
    }
}
