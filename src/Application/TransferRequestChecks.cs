using VUnetStream.Core.IO;
using VUnetStream.Encode;
using VUnetStream.Render.Personalization;

namespace VUnetStream.Application;

/// <summary>
/// What is wrong with a <see cref="TransferVideoRequest"/> before any work: missing inputs, values out of
/// range, an unknown encoder preset, and outputs that would replace inputs or each other.
/// </summary>
public static class TransferRequestChecks
{
    public static void Validate(TransferVideoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!File.Exists(request.VideoPath))
        {
            throw new FileNotFoundException($"dancer video '{request.VideoPath}' not found", request.VideoPath);
        }

        if (!File.Exists(request.PhotoPath))
        {
            throw new FileNotFoundException($"target photo '{request.PhotoPath}' not found", request.PhotoPath);
        }

        if (request.BatchSize is < 0 or > 256)
        {
            throw new ArgumentException($"batch size {request.BatchSize} must be between 1 and 256 (0: chosen for the number format)");
        }

        if (request.OutputHeight != 0 && (request.OutputHeight < 16 || request.OutputHeight % 2 != 0 || request.OutputHeight > 4096))
        {
            throw new ArgumentException($"output size {request.OutputHeight} must be an even number from 16 to 4096 (or 0: 4× the model's size)");
        }

        PersonalizationOptions.CheckSteps(request.Personalize, "--personalize");

        // Checked before the model loads and the photo is analysed, not only when ffmpeg starts.
        VideoEncodeOptions.ThrowIfUnknownPreset(request.EncoderPreset);
        CheckPaths(request);
    }

    /// <summary>
    /// Refuses, before any work, an output that is an input or holds one, two outputs that overlap, and
    /// (without <see cref="TransferVideoRequest.Overwrite"/>) an existing output; <paramref name="extraOutputs"/>
    /// are what the caller writes besides the video (the CLI's --json).
    /// </summary>
    public static void CheckPaths(TransferVideoRequest request, params NamedOutput[] extraOutputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        OutputGuard.Check(request.Outputs().Concat(extraOutputs), request.Inputs(), request.Overwrite);
    }
}
