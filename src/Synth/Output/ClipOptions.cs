using System.Globalization;
using VUnetStream.Synth.People;
using VUnetStream.Synth.Stamp;

namespace VUnetStream.Synth.Output;

/// <summary>Parameters of <c>vunet synth clip</c>.</summary>
public sealed record ClipOptions
{
    public required string OutDir { get; init; }

    public int Seed { get; init; } = 1;

    public double Seconds { get; init; } = 4;

    /// <summary>Width and height of the square video (even, for H.264's yuv420p).</summary>
    public int Size { get; init; } = 256;

    public double Fps { get; init; } = 25;

    public bool Overwrite { get; init; }

    /// <summary>Draw each frame's index as a <see cref="FrameIndexStamp"/>.</summary>
    public bool StampIndex { get; init; }

    /// <summary>Dress the dancer in this shirt pattern instead of a random one.</summary>
    public ShirtPattern? ShirtPattern { get; init; }

    public const int MinSize = 64;
    public const int MaxSize = 2048;
    public const double MaxSeconds = 600;
    public const double MaxFps = 120;

    public int FrameCount => (int)Math.Round(Seconds * Fps);

    /// <summary>Throws <see cref="ArgumentException"/> with a message naming the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutDir))
        {
            throw new ArgumentException("--out must name an output folder");
        }

        if (Size < MinSize || Size > MaxSize)
        {
            throw new ArgumentException(Invariant($"--size {Size} must be between {MinSize} and {MaxSize} pixels"));
        }

        if (Size % 2 != 0)
        {
            throw new ArgumentException(Invariant($"--size {Size} must be even (H.264 video in yuv420p needs even frame sizes)"));
        }

        if (!(Seconds > 0 && Seconds <= MaxSeconds))
        {
            throw new ArgumentException(Invariant($"--seconds {Seconds} must be greater than 0 and at most {MaxSeconds}"));
        }

        if (!(Fps > 0 && Fps <= MaxFps))
        {
            throw new ArgumentException(Invariant($"--fps {Fps} must be greater than 0 and at most {MaxFps}"));
        }

        if (FrameCount < 1)
        {
            throw new ArgumentException(Invariant($"--seconds {Seconds} at --fps {Fps} gives no frame; make the clip longer"));
        }

        if (StampIndex && Size < FrameIndexStamp.MinimumWidth)
        {
            throw new ArgumentException(Invariant($"--stamp-index needs --size of at least {FrameIndexStamp.MinimumWidth}"));
        }

        if (StampIndex && FrameCount > FrameIndexStamp.MaxIndex + 1)
        {
            throw new ArgumentException(Invariant($"--stamp-index can number at most {FrameIndexStamp.MaxIndex + 1} frames"));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
