using System.Diagnostics;
using VUnetStream.Core.IO;

namespace VUnetStream.Encode;

/// <summary>Options for <see cref="FfmpegVideoWriter"/>.</summary>
public sealed record VideoEncodeOptions
{
    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double Fps { get; init; }

    /// <summary>libx264 constant rate factor: lower is better quality (18 is visually lossless for most content).</summary>
    public int Crf { get; init; } = 18;

    /// <summary>libx264 speed/size trade-off, one of <see cref="Presets"/>; faster presets cost less CPU and give larger files.</summary>
    public string Preset { get; init; } = "veryfast";

    /// <summary>The CPU priority ffmpeg runs at (see <see cref="EncoderPriority"/>).</summary>
    public EncoderPriority Priority { get; init; } = EncoderPriority.Normal;

    /// <summary>The libx264 presets, fastest first.</summary>
    public static IReadOnlyList<string> Presets { get; } =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    /// <summary>Fails with a message naming the valid presets unless <paramref name="preset"/> is one of them.</summary>
    public static void ThrowIfUnknownPreset(string preset)
    {
        if (!Presets.Contains(preset))
        {
            throw new ArgumentException($"unknown x264 preset '{preset}' (use one of {string.Join(", ", Presets)})");
        }
    }

    /// <summary>A media file whose first audio track is re-encoded to AAC into the output, if it has one.</summary>
    public string? AudioSource { get; init; }

    /// <summary>Replace an existing file at the output path; without it an existing file is refused and kept.</summary>
    public bool Overwrite { get; init; }
}

/// <summary>
/// Encodes BGR24 frames to a browser-playable H.264 MP4 (yuv420p, faststart) with Debian's ffmpeg,
/// fed raw frames through a pipe. The video is written under a temporary name and renamed into
/// place by <see cref="CompleteAsync"/>; disposing without completing kills ffmpeg and removes the
/// temporary file, so no half-written video is ever left under the final name.
/// </summary>
public sealed class FfmpegVideoWriter : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Task<string> _stderr;
    private readonly string _finalPath;
    private readonly string _tempPath;
    private readonly int _frameBytes;
    private readonly bool _overwrite;
    private bool _completed;

    private FfmpegVideoWriter(Process process, string finalPath, string tempPath, int frameBytes, bool overwrite)
    {
        _overwrite = overwrite;
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        PipeBufferBytes = PipeCapacity.TryGrow(_stdin, 4 * frameBytes);
        _stderr = process.StandardError.ReadToEndAsync();
        _finalPath = finalPath;
        _tempPath = tempPath;
        _frameBytes = frameBytes;
    }

    public int FramesWritten { get; private set; }

    /// <summary>The size of the pipe's buffer to ffmpeg after asking for four frames' worth (0: left at the system default).</summary>
    public int PipeBufferBytes { get; }

    /// <summary>Starts ffmpeg. Fails with a clear message if ffmpeg is missing or the folder cannot be written.</summary>
    public static FfmpegVideoWriter Start(string path, VideoEncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Width <= 0 || options.Height <= 0 || options.Width % 2 != 0 || options.Height % 2 != 0)
        {
            throw new ArgumentException($"video size {options.Width}x{options.Height} must be positive and even (yuv420p needs even sizes)");
        }

        if (!(options.Fps > 0 && options.Fps <= 1000))
        {
            throw new ArgumentException($"frame rate {options.Fps} must be between 0 and 1000");
        }

        VideoEncodeOptions.ThrowIfUnknownPreset(options.Preset);

        string finalPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(finalPath)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create the folder for output video '{path}': {ex.Message}", ex);
        }

        if (File.Exists(finalPath) && !options.Overwrite)
        {
            throw new IOException($"output video '{path}' already exists (pass --overwrite to replace it)");
        }

        StaleTemporaries.RemoveFor(finalPath);

        string tempPath = AtomicFile.TemporaryPathFor(finalPath);
        if (Path.GetExtension(tempPath).Length == 0)
        {
            tempPath += ".mp4";
        }

        (string program, IReadOnlyList<string> launcherArguments) = EncoderPriorities.Launcher(options.Priority, FfmpegTool.Path);
        if (launcherArguments.Count > 0 && !File.Exists(FfmpegTool.Path))
        {
            // Through chrt or nice a missing ffmpeg would only show up as a broken pipe at the first frame.
            throw new InvalidOperationException($"cannot run ffmpeg ({FfmpegTool.Path}): not found. Run ./scripts/setup.sh, which installs Debian's ffmpeg.");
        }

        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        foreach (string a in launcherArguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (string a in FfmpegArguments.For(options, tempPath))
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"cannot run ffmpeg ({FfmpegTool.Path}): {ex.Message}. Run ./scripts/setup.sh, which installs Debian's ffmpeg.", ex);
        }

        return new FfmpegVideoWriter(process, finalPath, tempPath, options.Width * options.Height * 3, options.Overwrite);
    }

    /// <summary>Writes one frame of exactly Width×Height×3 BGR bytes.</summary>
    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> bgr, CancellationToken cancellationToken = default)
    {
        if (bgr.Length != _frameBytes)
        {
            throw new ArgumentException($"frame has {bgr.Length} bytes; this video needs {_frameBytes} (BGR24)");
        }

        try
        {
            await _stdin.WriteAsync(bgr, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            string error = await StopAndReadErrorAsync().ConfigureAwait(false);
            throw new IOException($"ffmpeg stopped while encoding '{_finalPath}': {error}", ex);
        }

        FramesWritten++;
    }

    /// <summary>Closes the stream, waits for ffmpeg, and moves the finished video to its final name.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _stdin.DisposeAsync().ConfigureAwait(false);
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string error = await _stderr.ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            throw new IOException($"ffmpeg failed to encode '{_finalPath}' (exit {_process.ExitCode}): {error.Trim()}");
        }

        if (FramesWritten == 0)
        {
            throw new InvalidOperationException($"no frames were written to '{_finalPath}'");
        }

        AtomicFile.MoveIntoPlace(_tempPath, _finalPath, _overwrite);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await StopAndReadErrorAsync().ConfigureAwait(false);
            File.Delete(_tempPath);
        }

        _process.Dispose();
    }

    private async Task<string> StopAndReadErrorAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or is already gone.
        }

        try
        {
            return (await _stderr.ConfigureAwait(false)).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
