using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using VUnetStream.Application.PersonVideo;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Pose.Estimation;
using VUnetStream.Render.Personalization;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet personalize --video</c>: learns the person of a video by fine-tuning a model on its frames (see <see cref="VideoPersonalizer"/>).</summary>
internal static class PersonalizeCommand
{
    public static Command Create()
    {
        var video = new Option<string>("--video") { Description = "A video of the target person (one person, full body, still camera for eval-video)", Required = true };
        var outDir = new Option<string>("--out") { Description = "The model folder to make: data/ (the frames, masks, annotations.csv), personalize.json, checkpoints/, latest.json, loss.jsonl; what --checkpoint takes", Required = true };
        var from = new Option<string?>("--from") { Description = "Checkpoint to start from (default: the built-in default model); its config and size are kept" };
        var holdout = new Option<double?>("--holdout") { Description = "Leave the last fraction F of the video out of training, for eval-video (default 0: learn from every frame)" };
        var steps = new Option<int?>("--steps") { Description = string.Create(CultureInfo.InvariantCulture, $"Fine-tuning steps (default {VideoFineTuning.DefaultSteps}: ~20 min at 128² on 2 cores; lr {VideoFineTuning.DefaultLr:0e0}, constant for the first half, then linear to 0)") };
        var lr = new Option<double?>("--lr") { Description = string.Create(CultureInfo.InvariantCulture, $"Adam's learning rate (default {VideoFineTuning.DefaultLr:0e0}; see README)") };
        var until = new Option<long?>("--until") { Description = "Stop with a checkpoint after this many steps (continue later with --resume)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint (its frames are kept)" };
        var size = new Option<int?>("--size") { Description = "Side of the square frames written to data/ (default: the model's side)" };
        var minJoints = new Option<int>("--min-joints") { Description = "Leave out frames with fewer confident joints (of 18; the torso's 4 are always needed)", DefaultValueFactory = _ => UsableFrame.DefaultMinJoints };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default one per core)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        RenamedOption<string> poseModel = PoseModelOption.Create();
        var command = new Command("personalize", "Learn the person of a video: poses and masks of its frames (BlazePose), near-duplicate poses left out, then the normal trainer fine-tunes a model on them; writes a model folder every --checkpoint accepts. Ctrl-C saves and stops.")
        {
            video, outDir, from, holdout, steps, lr, until, resume, size, minJoints, threads, overwrite,
        };
        poseModel.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool resuming = parse.GetValue(resume);
            // --resume continues a run this command wrote into --out; a fresh run needs the folder new or empty (or --overwrite).
            PathChecks.Check(PathChecks.Inputs(("--video", parse.GetValue(video)), ("--from", parse.GetValue(from))),
                resuming || parse.GetValue(overwrite), NamedOutput.Folder("--out", parse.GetValue(outDir)!));
            var request = new PersonalizeVideoRequest
            {
                VideoPath = parse.GetValue(video)!,
                OutDir = parse.GetValue(outDir)!,
                From = parse.GetValue(from),
                Holdout = parse.GetValue(holdout),
                Steps = parse.GetValue(steps),
                Lr = parse.GetValue(lr),
                Until = parse.GetValue(until),
                Resume = resuming,
                ImageSize = parse.GetValue(size),
                Overwrite = parse.GetValue(overwrite),
                MinJoints = parse.GetValue(minJoints),
                Estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(poseModel.Value(parse)!) },
                Threads = parse.GetValue(threads),
                Progress = Console.Error,
                InteractiveProgress = !Console.IsErrorRedirected,
                Provenance = CommandSettings.ToJson(parse),
            };

            // As in train: a signal asks the trainer to finish its step and save; a second one while the checkpoint is
            // written must not end the process under it (this handler keeps the default action off).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void RequestStop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
            var done = new TaskCompletionSource<PersonalizeVideoResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    done.SetResult(VideoPersonalizer.Run(request, stop.Token));
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            })
            { IsBackground = false, Name = "vunet-personalize" };
            thread.Start();
            PersonalizeVideoResult result = await done.Task.ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step {result.Step} of {result.TotalSteps}; model folder {result.ModelDir} (use it as --checkpoint)"));
            if (result.Interrupted || result.Step < result.TotalSteps)
            {
                Console.WriteLine($"continue with: vunet personalize --video {request.VideoPath} --out {request.OutDir} --resume");
            }

            return result.Interrupted ? 130 : 0;
        });
        return command;
    }
}
