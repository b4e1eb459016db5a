using OpenCvSharp;
using VUnetStream.Ingest;

namespace VUnetStream.Application;

/// <summary>
/// Whether a file a client sent really is a video or an image, by decoding it (its name proves nothing): a
/// host that accepts uploads answers a bad one at once instead of queueing a job that is bound to fail.
/// </summary>
public static class TransferInputChecks
{
    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless <paramref name="path"/> opens as a video whose first frame decodes
    /// and, when <paramref name="maxSeconds"/> is given, whose announced length is at most that.
    /// </summary>
    public static void CheckVideo(string path, double? maxSeconds = null)
    {
        using VideoSource source = VideoSource.Open(path);
        double seconds = source.Info.Duration.TotalSeconds;
        if (maxSeconds is double limit && seconds > limit)
        {
            throw new InvalidDataException($"video '{path}' is {seconds:0.#} s long; at most {limit:0.#} s is accepted");
        }

        // ReadFrames throws when not even one frame decodes; one frame is enough to prove the content.
        foreach (DecodedFrame frame in source.ReadFrames())
        {
            frame.Dispose();
            return;
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="path"/> decodes as an image.</summary>
    public static void CheckPhoto(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"target photo '{path}' not found", path);
        }

        using Mat photo = Cv2.ImRead(path, ImreadModes.Color);
        if (photo.Empty())
        {
            throw new InvalidDataException($"target photo '{path}' cannot be read as an image");
        }
    }
}
