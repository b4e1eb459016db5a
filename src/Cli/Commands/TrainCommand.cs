using System.CommandLine;
using System.Runtime.InteropServices;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Render.Config;
using VUnetStream.Render.Training;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet train</c>: trains a VUNet on a dataset folder (see <see cref="Trainer"/>).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder: a `vunet synth dataset` root (uses train/), a DeepFashion/Market-style folder (annotations.csv + images/), or images with OpenPose JSON", Required = true };
        var config = new Option<string?>("--config") { Description = "Training config JSON ({\"model\": {...}, \"training\": {...}}; see configs/). Not needed with --resume" };
        var outDir = new Option<string>("--out") { Description = "Output folder: checkpoints/, latest.json, loss.jsonl, loss.png, samples/", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint (exactly as if never interrupted)" };
        var steps = new Option<long?>("--steps") { Description = "Total steps (overrides the config; the β and lr schedules stretch to it)" };
        var until = new Option<long?>("--until") { Description = "Stop with a checkpoint after this many steps (continue later with --resume)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var threads = new Option<int?>("--threads") { Description = "Torch threads (overrides the config; default one per core; on a busy shared machine 1 is often faster)" };
        var precision = new Option<string?>("--precision") { Description = $"Convolution number format in training (overrides the config): {Render.Inference.RenderPrecisions.Names}; bfloat16 is mixed precision (bf16 convolutions, float32 weights and optimizer); auto = bf16 where the CPU runs it natively and a probe finds bf16 convolutions faster" };
        var command = new Command("train", "Train a VUNet: perceptual loss + β(t)·KL, Adam, checkpoints (safetensors), loss log and plot, sample grids. Ctrl-C saves and stops.")
        {
            data, config, outDir, resume, steps, until, threads, precision, overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? configPath = parse.GetValue(config);
            bool resuming = parse.GetValue(resume);
            if (configPath is null && !resuming)
            {
                throw new ArgumentException("--config FILE is required to start a run (see configs/)");
            }

            // --resume continues a run this tool wrote into --out, so only a fresh run needs the folder new or empty.
            PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--config", configPath)),
                resuming || parse.GetValue(overwrite), NamedOutput.Folder("--out", parse.GetValue(outDir)!));

            if (configPath is not null)
            {
                ModelSectionKeys.ThrowIfUnknown(configPath);
            }

            var request = new TrainRequest
            {
                DataPath = parse.GetValue(data)!,
                OutDir = parse.GetValue(outDir)!,
                Config = configPath is null ? null : TrainingConfig.Load(configPath),
                Resume = resuming,
                TotalSteps = parse.GetValue(steps),
                StopAtStep = parse.GetValue(until),
                Threads = parse.GetValue(threads),
                Precision = parse.GetValue(precision),
                Progress = Console.Error,
                InteractiveProgress = !Console.IsErrorRedirected,
            };

            // Ctrl-C / SIGTERM ask the trainer to finish its step, save a checkpoint and stop; the signal's
            // default action (terminating the process mid-write) is suppressed while training runs.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void RequestStop(PosixSignalContext context)
            {
                context.Cancel = true;
                if (!stop.IsCancellationRequested)
                {
                    Console.Error.WriteLine();
                    Console.Error.WriteLine($"vunet: {context.Signal} received; finishing the step and saving a checkpoint...");
                    stop.Cancel();
                }
            }

            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

            // A foreground thread: TorchSharp scopes are per thread, and the runtime waits for a
            // foreground thread, so a checkpoint being written is finished before the process exits.
            var done = new TaskCompletionSource<TrainResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    done.SetResult(new Trainer().Run(request, stop.Token));
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            })
            { IsBackground = false, Name = "vunet-train" };
            thread.Start();
            TrainResult result = await done.Task.ConfigureAwait(false);
            Console.WriteLine(result.LastCheckpoint is null
                ? $"stopped at step {result.Step} of {result.TotalSteps}"
                : $"step {result.Step} of {result.TotalSteps}; checkpoint {result.LastCheckpoint.Directory}");
            return result.Interrupted ? 130 : 0;
        });
        return command;
    }
}
