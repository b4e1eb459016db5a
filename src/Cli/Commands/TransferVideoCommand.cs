using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VUnetStream.Application;
using VUnetStream.Cli.Output;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Personalization;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet transfer-video</c>: the main job — the person in a photo dances like the dancer in a video.</summary>
internal static class TransferVideoCommand
{
    private static readonly Option<string> Video = new("--video") { Description = "The dancer video", Required = true };
    private static readonly Option<string> Photo = new("--photo") { Description = "A photo of the target person (full body)", Required = true };
    private static readonly Option<string> Out = new("--out") { Description = "The output video (.mp4)", Required = true };
    private static readonly Option<string?> CheckpointOption = new("--checkpoint") { Description = "Model checkpoint (default: the built-in default model)" };
    private static readonly Option<string?> PhotoKeypoints = new("--photo-keypoints") { Description = "OpenPose JSON of the photo's person (default: estimate it)" };
    private static readonly Option<string?> DancerKeypoints = new("--keypoints") { Description = "Folder of per-frame OpenPose JSON for the dancer (default: estimate with BlazePose)" };
    private static readonly RenamedOption<string> PoseModel = PoseModelOption.Create();
    private static readonly Option<string> Filter = new("--filter") { Description = "Temporal filter: one-euro, median or none", DefaultValueFactory = _ => "one-euro" };
    private static readonly Option<string> Retarget = new("--retarget") { Description = "Pose normalisation to the target body: off, global or bones", DefaultValueFactory = _ => "global" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Frames per generator call (0: chosen for the number format, 4 in float32 and 8 in bfloat16, the measured best)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Layout = new("--layout") { Description = "result, or side-by-side (dancer | stickman | result)", DefaultValueFactory = _ => "result" };
    private static readonly RenamedOption<int> OutputHeight = OutputHeightOption.Create();
    private static readonly Option<string?> KeypointsOut = new("--keypoints-out") { Description = "Write the dancer's keypoints here (OpenPose JSON per frame)" };
    private static readonly Option<string> Preset = new("--preset") { Description = "x264 preset: ultrafast … veryslow (faster leaves more CPU to rendering, slower gives smaller files)", DefaultValueFactory = _ => TransferVideoRequest.DefaultEncoderPreset };
    private static readonly Option<string> EncoderPriorityOption = new("--encoder-priority") { Description = "ffmpeg's CPU priority: low (nice 19, leaves the cores to rendering), idle (SCHED_IDLE, waits for any other work) or normal", DefaultValueFactory = _ => EncoderPriorities.Name(TransferVideoRequest.DefaultEncoderPriority) };
    private static readonly Option<bool> NoAudio = new("--no-audio") { Description = "Do not copy the dancer video's audio" };
    private static readonly Option<int?> Serve = new("--serve") { Description = "Serve the output live at http://127.0.0.1:PORT/ while rendering (0 = any free port)" };
    private static readonly Option<string> DeviceOption = new("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<string> PrecisionOption = new("--precision") { Description = $"Render in {RenderPrecisions.Names}; auto = bfloat16 where the CPU runs it natively (AVX512-BF16 or AMX) and a 0.2-s probe finds bf16 convolutions faster, float32 elsewhere", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> BackgroundOption = new("--background") { Description = "What the person is composited onto (models with an alpha output): photo (the photo with its person removed, framed like the photo, the person dancing where they stood), dancer (the video with the dancer removed, the person where the dancer is; needs a still camera), a colour (grey, white, black, green, blue, #RRGGBB or R,G,B) or an image file", DefaultValueFactory = _ => RenderBackground.PhotoName };
    private static readonly Option<int> Personalize = new("--personalize") { Description = $"Test-time personalisation: fine-tune a copy of the model for STEPS steps on the photo (its pose, flipped and slightly moved copies, its BlazePose mask) before rendering; 0 = off, at most {PersonalizationOptions.MaxSteps}, ~100 typical", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> Threads = new("--threads") { Description = "Inference threads (0 = all cores)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the job summary as JSON to this file (- for standard output)" };
    private static readonly Option<bool> Overwrite = OutputOptions.Overwrite();
    private static readonly Option<bool> AllowPartial = OutputOptions.AllowPartial();

    public static Command Create(IServiceProvider services)
    {
        var command = new Command("transfer-video", "Make the person in --photo perform the dancer's motion from --video; writes --out (H.264 MP4 with the source's audio).")
        {
            Video, Photo, Out, CheckpointOption, PhotoKeypoints, DancerKeypoints, Filter, Retarget, Batch, Layout,
            KeypointsOut, Preset, EncoderPriorityOption, NoAudio, Serve, BackgroundOption, DeviceOption, PrecisionOption, Threads, Personalize, Json, Overwrite, AllowPartial,
        };
        PoseModel.AddTo(command);
        OutputHeight.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TransferVideoRequest request = FromParse(parse);
            string? json = parse.GetValue(Json);
            TransferRequestChecks.CheckPaths(request, JsonOutput.Targets(json));
            JobSummary summary = await RunAsync(services.GetRequiredService<TransferService>(), request, cancellationToken, JsonOutput.TableWriter(json)).ConfigureAwait(false);
            if (json is not null)
            {
                JsonOutput.Write(summary.ToReport(), json, request.Overwrite, parse);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Runs a job with a progress bar and prints the per-stage summary.</summary>
    public static async Task<JobSummary> RunAsync(TransferService service, TransferVideoRequest request, CancellationToken cancellationToken, TextWriter? table = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        using var metrics = new PipelineMetrics();
        ConsoleProgress? bar = null;
        ConsoleProgress? personalizing = null;
        JobSummary summary = await service.RunAsync(request, metrics, e =>
            {
                switch (e.Kind)
                {
                    case TransferJobEventKind.Personalizing:
                        personalizing ??= new ConsoleProgress("personalisation steps", e.StepsTotal);
                        personalizing.Report(e.StepsDone);
                        if (e.StepsDone == e.StepsTotal)
                        {
                            personalizing.Finish();
                        }

                        break;
                    case TransferJobEventKind.Progress:
                        bar ??= new ConsoleProgress("frames", e.FramesTotal);
                        bar.Report(e.FramesDone);
                        break;
                    case TransferJobEventKind.Notice:
                        Console.Error.WriteLine($"vunet: {e.Message}");
                        break;
                }
            },
            cancellationToken).ConfigureAwait(false);
        bar?.Finish();
        (table ?? Console.Out).WriteLine(summary.ToReport().ToTable());
        return summary;
    }

    private static TransferVideoRequest FromParse(ParseResult parse) => new()
    {
        VideoPath = parse.GetValue(Video)!,
        PhotoPath = parse.GetValue(Photo)!,
        OutputPath = parse.GetValue(Out)!,
        Checkpoint = parse.GetValue(CheckpointOption),
        PhotoKeypoints = parse.GetValue(PhotoKeypoints),
        DancerKeypoints = parse.GetValue(DancerKeypoints),
        Estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(PoseModel.Value(parse)!) },
        Filter = parse.GetValue(Filter) is "none" ? null : new TemporalFilterOptions { Smoothing = TemporalFilterOptions.ParseSmoothing(parse.GetValue(Filter)!) },
        Retarget = RetargetModes.Parse(parse.GetValue(Retarget)!),
        BatchSize = parse.GetValue(Batch),
        Layout = ParseLayout(parse.GetValue(Layout)!),
        OutputHeight = OutputHeight.Value(parse),
        CopyAudio = !parse.GetValue(NoAudio),
        EncoderPreset = parse.GetValue(Preset)!,
        EncoderPriority = EncoderPriorities.Parse(parse.GetValue(EncoderPriorityOption)!),
        KeypointsOut = parse.GetValue(KeypointsOut),
        PreviewPort = parse.GetValue(Serve),
        Background = RenderBackground.Parse(parse.GetValue(BackgroundOption)!),
        Device = parse.GetValue(DeviceOption)!,
        Precision = RenderPrecisions.Parse(parse.GetValue(PrecisionOption)!),
        Threads = parse.GetValue(Threads),
        Personalize = parse.GetValue(Personalize),
        Overwrite = parse.GetValue(Overwrite),
        AllowPartial = parse.GetValue(AllowPartial),
    };

    private static OutputLayout ParseLayout(string text) => text.Trim().ToLowerInvariant() switch
    {
        "result" => OutputLayout.Result,
        "side-by-side" or "sbs" => OutputLayout.SideBySide,
        _ => throw new ArgumentException($"unknown layout '{text}' (use result or side-by-side)"),
    };
}
