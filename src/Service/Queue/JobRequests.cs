using VUnetStream.Application;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Render.Personalization;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Service.Queue;

/// <summary>
/// A service job as the transfer service's request: the client's options over the job's defaults, the
/// server's model, and the output in the job's folder. Also used at submission, so an option the job
/// cannot use is refused then and not when it runs.
/// </summary>
internal static class JobRequests
{
    public static TransferVideoRequest For(ServiceJob job, string outputPath, ServiceOptions options)
    {
        JobOptions o = job.Options;
        bool example = job.Source == JobSource.Example;
        return new TransferVideoRequest
        {
            VideoPath = job.VideoPath,
            PhotoPath = job.PhotoPath,
            PhotoKeypoints = job.PhotoKeypoints,
            DancerKeypoints = job.DancerKeypoints,
            OutputPath = outputPath,
            Checkpoint = options.Checkpoint,
            Threads = options.Threads,

            // The example looks like `vunet demo`'s result: dancer | stickman | result at 384 px.
            Layout = o.Layout is null ? (example ? OutputLayout.SideBySide : OutputLayout.Result) : ParseLayout(o.Layout),
            OutputHeight = o.OutputHeight ?? (example ? 384 : 0),
            Retarget = o.Retarget is null ? RetargetMode.Global : RetargetModes.Parse(o.Retarget),
            Background = o.Background is null ? RenderBackground.Default : ParseColour(o.Background),
            Personalize = o.Personalize ?? 0,

            // The job's folder is the service's own: a result left by a run that was cut off is replaced.
            Overwrite = true,
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option the job cannot use.</summary>
    public static void CheckOptions(JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Layout is not null)
        {
            ParseLayout(options.Layout);
        }

        if (options.Retarget is not null)
        {
            RetargetModes.Parse(options.Retarget);
        }

        if (options.Background is not null)
        {
            ParseColour(options.Background);
        }

        if (options.Personalize is int steps)
        {
            PersonalizationOptions.CheckSteps(steps, "personalize");
        }

        if (options.OutputHeight is int h && h != 0 && (h < 16 || h % 2 != 0 || h > 4096))
        {
            throw new ArgumentException($"output_height {h} must be an even number from 16 to 4096 (or 0: 4× the model's size)");
        }
    }

    private static OutputLayout ParseLayout(string text) => text.Trim().ToLowerInvariant() switch
    {
        "result" => OutputLayout.Result,
        "side-by-side" or "side_by_side" or "sbs" => OutputLayout.SideBySide,
        _ => throw new ArgumentException($"unknown layout '{text}' (use result or side-by-side)"),
    };

    /// <summary>photo, dancer or a colour: an image file would be a path on the server chosen by the client.</summary>
    private static RenderBackground ParseColour(string text)
    {
        string refusal = $"background '{text}' must be photo, dancer or a colour (grey, white, black, green, blue, #RRGGBB or R,G,B); image files are not accepted by the service";
        if (text.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException(refusal);
        }

        RenderBackground background;
        try
        {
            background = RenderBackground.Parse(text);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(refusal);
        }

        // A bare name that happens to be a file in the server's folder is still a file.
        return background.Kind == BackgroundKind.Image ? throw new ArgumentException(refusal) : background;
    }
}
