using VUnetStream.Encode;
using VUnetStream.Pipeline.Stages;

namespace VUnetStream.Pipeline;

/// <summary>How the engine runs one motion-transfer job (built from the application's job request).</summary>
public sealed record MotionTransferOptions
{
    public required string VideoPath { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>Frames per generator call.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Capacity of each bounded channel between stages; a full channel makes its writer wait.</summary>
    public int ChannelCapacity { get; init; } = 16;

    public OutputLayout Layout { get; init; } = OutputLayout.Result;

    /// <summary>Output frame height in pixels (the generated square is scaled to it).</summary>
    public int OutputHeight { get; init; } = 512;

    /// <summary>Frames whose longer side exceeds this are downscaled before pose estimation (0 = never).</summary>
    public int MaxInputSide { get; init; } = 1920;

    /// <summary>libx264 preset of the output video (see <see cref="VUnetStream.Encode.VideoEncodeOptions.Presets"/>); the job's default is the application's.</summary>
    public required string EncoderPreset { get; init; }

    /// <summary>ffmpeg's CPU priority; the job's default is the application's.</summary>
    public required EncoderPriority EncoderPriority { get; init; }

    /// <summary>Copy the dancer video's audio track into the output.</summary>
    public bool CopyAudio { get; init; } = true;

    /// <summary>When set, the dancer's keypoints are written here as OpenPose JSON, one file per frame.</summary>
    public string? KeypointsFolder { get; init; }

    /// <summary>Keep the frames of a video that ends before its announced frame count (with a warning) instead of failing.</summary>
    public bool AllowPartial { get; init; }

    /// <summary>Replace an existing output video or a non-empty keypoint folder (the user passed --overwrite).</summary>
    public bool Overwrite { get; init; }
}
