using System.CommandLine;
using System.Globalization;
using VUnetStream.Application;
using VUnetStream.Application.Benchmarks;
using VUnetStream.Cli.Output;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pose.Estimation;
using VUnetStream.Synth.Output;
using VUnetStream.Render.Inference;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet bench pipeline</c>: render-only vs end-to-end throughput, first-frame latency and peak memory
/// on synthetic clips of several lengths (made on the fly, deterministic).
/// </summary>
internal static class BenchPipelineCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Model checkpoint (default: the built-in default model)" };
        var batch = new Option<int>("--batch") { Description = "Frames per generator call (0: the batch a job chooses for its number format)", DefaultValueFactory = _ => 0 };
        var seconds = new Option<string>("--seconds") { Description = "Clip lengths in seconds, comma-separated", DefaultValueFactory = _ => "10,60" };
        var clipSize = new Option<int>("--clip-size") { Description = "Size of the synthetic dancer video (square)", DefaultValueFactory = _ => 256 };
        var pose = new Option<string>("--pose") { Description = "keypoints (ground-truth files: measures decode/render/encode overlap) or estimator (BlazePose on every frame)", DefaultValueFactory = _ => "keypoints" };
        RenamedOption<string> poseModel = PoseModelOption.Create();
        RenamedOption<int> outputSize = OutputHeightOption.Create();
        var precision = new Option<string>("--precision") { Description = $"Render in {RenderPrecisions.Names} (as in transfer-video)", DefaultValueFactory = _ => "auto" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N (as in transfer-video)", DefaultValueFactory = _ => "cpu" };
        var preset = new Option<string>("--preset") { Description = "x264 preset of the output video", DefaultValueFactory = _ => TransferVideoRequest.DefaultEncoderPreset };
        var priority = new Option<string>("--encoder-priority") { Description = "ffmpeg's CPU priority: low (nice 19), idle (SCHED_IDLE) or normal", DefaultValueFactory = _ => EncoderPriorities.Name(TransferVideoRequest.DefaultEncoderPriority) };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to this file (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var command = new Command("pipeline", "Render-only vs whole-pipeline frames/s, time to first frame and peak memory for 10 s and 60 s clips.")
        {
            checkpoint, batch, seconds, clipSize, pose, preset, priority, device, precision, json, overwrite,
        };
        poseModel.AddTo(command);
        outputSize.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? jsonPath = parse.GetValue(json);
            PathChecks.Check(PathChecks.Inputs(("--checkpoint", parse.GetValue(checkpoint))), parse.GetValue(overwrite), JsonOutput.Targets(jsonPath));
            string work = Directory.CreateTempSubdirectory("vunet-bench-pipeline-").FullName;
            try
            {
                var clips = new List<BenchClip>();
                foreach (string item in ListSyntax.Split(parse.GetValue(seconds)!))
                {
                    double s = double.Parse(item, CultureInfo.InvariantCulture);
                    string dir = Path.Combine(work, $"clip-{s:0}s");
                    Console.Error.WriteLine($"bench pipeline: making a {s:0} s synthetic clip");
                    await ClipGenerator.WriteAsync(new ClipOptions { OutDir = dir, Seconds = s, Size = parse.GetValue(clipSize), Seed = 11 }, cancellationToken).ConfigureAwait(false);
                    clips.Add(new BenchClip($"{s:0}s", Path.Combine(dir, ClipGenerator.VideoFile), Path.Combine(dir, ClipGenerator.KeypointFolder),
                        Path.Combine(dir, ClipGenerator.PersonFile), Path.Combine(dir, ClipGenerator.PersonKeypointsFile)));
                }

                bool useKeypoints = parse.GetValue(pose) switch
                {
                    "keypoints" => true,
                    "estimator" => false,
                    var other => throw new ArgumentException($"unknown pose source '{other}' (use keypoints or estimator)"),
                };
                var template = new TransferVideoRequest
                {
                    VideoPath = clips[0].VideoPath,
                    PhotoPath = clips[0].PhotoPath,
                    OutputPath = Path.Combine(work, "result.mp4"),
                    Checkpoint = parse.GetValue(checkpoint),
                    DancerKeypoints = useKeypoints ? clips[0].KeypointFolder : null,
                    Estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(poseModel.Value(parse)!) },
                    BatchSize = parse.GetValue(batch),
                    OutputHeight = outputSize.Value(parse),
                    Device = parse.GetValue(device)!,
                    Precision = RenderPrecisions.Parse(parse.GetValue(precision)!),
                    EncoderPreset = parse.GetValue(preset)!,
                    EncoderPriority = EncoderPriorities.Parse(parse.GetValue(priority)!),
                };
                MeasurementReport report = await PipelineBenchmark.RunAsync(clips, template, work, m => Console.Error.WriteLine($"bench pipeline: {m}"), cancellationToken).ConfigureAwait(false);
                JsonOutput.Report(report, jsonPath, parse.GetValue(overwrite), parse, blankLineAfterTable: true);

                return 0;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        });
        return command;
    }
}
