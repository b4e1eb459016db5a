using System.CommandLine;
using OpenCvSharp;
using VUnetStream.Cli.Output;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Evaluation;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet bench pose</c>: frames per second of the pose stage alone, per BlazePose model size.</summary>
internal static class BenchPoseCommand
{
    // Debian's darknet package (installed by scripts/setup.sh) ships this photo of a standing person.
    private const string DefaultInput = "/usr/share/darknet/data/person.jpg";

    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Video or photo the 512x512 clip is made from", DefaultValueFactory = _ => DefaultInput };
        var frames = new Option<int>("--frames") { Description = "Frames per model", DefaultValueFactory = _ => 60 };
        var size = new Option<int>("--size") { Description = "Clip frame size (square)", DefaultValueFactory = _ => 512 };
        RenamedOption<string> models = PoseModelOption.CreateList("--models");
        var json = new Option<string?>("--json") { Description = "Write the results as one JSON object to FILE (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var command = new Command("pose", "Frames/s of the pose stage alone (detector + tracked BlazePose) on a 512x512 clip, per model size.")
        {
            input, frames, size, json, overwrite,
        };
        models.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string source = parse.GetValue(input)!;
            string? jsonPath = parse.GetValue(json);
            PathChecks.Check(PathChecks.Inputs(("--input", source)), parse.GetValue(overwrite), JsonOutput.Targets(jsonPath));
            if (source == DefaultInput && !File.Exists(source))
            {
                throw new FileNotFoundException($"{DefaultInput} not found: run ./scripts/setup.sh (it installs Debian's darknet package, which ships it) or pass --input", source);
            }

            int count = parse.GetValue(frames), side = parse.GetValue(size);
            if (count < 2 || side < 64)
            {
                throw new ArgumentException("--frames must be at least 2 and --size at least 64");
            }

            BlazePoseModel[] sizes = PoseModelOption.ParseList(models.Value(parse)!);
            foreach (BlazePoseModel m in sizes)
            {
                BlazePoseModelFiles.Locate(m);
            }

            List<Mat> clip = PoseBenchmark.MakeClip(source, count, side);
            var report = new MeasurementReport($"bench pose: {clip.Count} frames of {side}x{side} from {source}, {Environment.ProcessorCount} cores, OpenCV threads {Cv2.GetNumThreads()}");
            try
            {
                foreach (BlazePoseModel m in sizes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Console.Error.WriteLine($"bench pose: {m}...");
                    PoseBenchmark.Measurement r = PoseBenchmark.Run(m, clip);
                    string key = m.ToString().ToLowerInvariant();
                    report.Add($"pose_{key}_frame_rate", r.FramesPerSecond, "frames/s", $"pose stage alone, BlazePose {key}");
                    report.Add($"pose_{key}_frame_time", r.MillisecondsPerFrame / 1000, "s", "the same as time per frame");
                    report.Add($"network_{key}_forward_time", r.NetworkMilliseconds / 1000, "s", "one forward pass of the network alone");
                    report.Add($"pose_{key}_frames_with_person", r.FramesWithPerson, "", $"of {r.Frames} frames");
                }
            }
            finally
            {
                clip.ForEach(f => f.Dispose());
            }

            report.Add("frames", clip.Count, "", "frames timed per model");
            report.Add("input", source);
            JsonOutput.Report(report, jsonPath, parse.GetValue(overwrite), parse);

            return Task.FromResult(0);
        });
        return command;
    }
}
