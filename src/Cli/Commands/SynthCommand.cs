using System.CommandLine;
using System.Globalization;
using VUnetStream.Synth.Output;
using VUnetStream.Synth.People;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet synth clip|dataset</c>: synthetic dancers and people with exact ground truth, deterministic from a seed.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var command = new Command("synth", "Generate synthetic dancers and people with exact keypoints, deterministic from a seed.");
        command.Subcommands.Add(CreateClip());
        command.Subcommands.Add(CreateDataset());
        return command;
    }

    /// <summary>Writes a clip folder with default options; used by <c>vunet demo</c>.</summary>
    public static Task<int> RunClipAsync(string outDir, int seed, double seconds, int size, double fps, bool overwrite, CancellationToken cancellationToken) =>
        RunClipAsync(new ClipOptions { OutDir = outDir, Seed = seed, Seconds = seconds, Size = size, Fps = fps, Overwrite = overwrite }, cancellationToken);

    private static async Task<int> RunClipAsync(ClipOptions options, CancellationToken cancellationToken)
    {
        ClipResult result = await ClipGenerator.WriteAsync(options, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {result.OutDir}: {ClipGenerator.VideoFile} ({result.Frames} frames, {result.Size}x{result.Size}, {result.Fps:0.###} fps; " +
            $"{result.FramesWithJointsOutOfFrame} frames with joints out of frame), {ClipGenerator.KeypointFolder}/ ({result.Frames} OpenPose JSON), " +
            $"{ClipGenerator.PersonFile}, {ClipGenerator.PersonKeypointsFile}, {ClipGenerator.IndexFile} in {result.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    private static Command CreateClip()
    {
        var outOption = new Option<string>("--out") { Description = "Output folder (written complete or not at all)", Required = true };
        var seedOption = new Option<int>("--seed") { Description = "Seed: the same seed gives the same clip", DefaultValueFactory = _ => 1 };
        var secondsOption = new Option<double>("--seconds") { Description = "Length of the clip in seconds", DefaultValueFactory = _ => 4 };
        var sizeOption = new Option<int>("--size") { Description = "Width and height of the square video in pixels (even)", DefaultValueFactory = _ => 256 };
        var fpsOption = new Option<double>("--fps") { Description = "Frames per second", DefaultValueFactory = _ => 25 };
        var overwriteOption = new Option<bool>("--overwrite") { Description = "Replace the output folder if it exists" };
        var stampOption = new Option<bool>("--stamp-index")
        {
            Description = "Draw each frame's index as 20 black/white squares along the top-left edge (see FrameIndexStamp)",
        };
        var patternOption = new Option<string?>("--shirt-pattern")
        {
            Description = $"Dress the dancer in this shirt pattern ({string.Join(", ", SynthNames.All<ShirtPattern>())}); random if omitted",
        };
        var command = new Command("clip", "Write DIR/dancer.mp4, DIR/keypoints/ (OpenPose JSON per frame), DIR/person.png and DIR/person_keypoints.json.")
        {
            outOption, seedOption, secondsOption, sizeOption, fpsOption, overwriteOption, stampOption, patternOption,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string? pattern = parse.GetValue(patternOption);
            var options = new ClipOptions
            {
                OutDir = parse.GetValue(outOption)!,
                Seed = parse.GetValue(seedOption),
                Seconds = parse.GetValue(secondsOption),
                Size = parse.GetValue(sizeOption),
                Fps = parse.GetValue(fpsOption),
                Overwrite = parse.GetValue(overwriteOption),
                StampIndex = parse.GetValue(stampOption),
                ShirtPattern = pattern is null ? null : SynthNames.Parse<ShirtPattern>(pattern, "shirt pattern"),
            };
            return RunClipAsync(options, cancellationToken);
        });
        return command;
    }

    private static Command CreateDataset()
    {
        var outOption = new Option<string>("--out") { Description = "Output folder (written complete or not at all)", Required = true };
        var peopleOption = new Option<int>("--people") { Description = "Number of different people", Required = true };
        var posesOption = new Option<int>("--poses") { Description = "Images (poses) per person", Required = true };
        var sizeOption = new Option<int>("--size") { Description = "Width and height of the square images in pixels", DefaultValueFactory = _ => 128 };
        var seedOption = new Option<int>("--seed") { Description = "Seed: the same seed gives the same dataset", DefaultValueFactory = _ => 1 };
        var testOption = new Option<double>("--test-fraction") { Description = "Share of people held out for the test split (at least 2)", DefaultValueFactory = _ => 0.2 };
        var overwriteOption = new Option<bool>("--overwrite") { Description = "Replace the output folder if it exists" };
        var patternsOption = new Option<string?>("--patterns")
        {
            Description = $"Comma-separated shirt patterns to use ({string.Join(", ", SynthNames.All<ShirtPattern>())}); all if omitted",
        };
        var backgroundsOption = new Option<string?>("--backgrounds")
        {
            Description = $"Comma-separated backgrounds to use ({string.Join(", ", SynthNames.All<BackgroundKind>())}); all if omitted",
        };
        var command = new Command("dataset", "Write a pose-transfer dataset: DIR/train and DIR/test (disjoint people) with images, annotations.csv, people.csv, pairs.csv; test/transfer.csv with ground-truth targets; DIR/dataset.json.")
        {
            outOption, peopleOption, posesOption, sizeOption, seedOption, testOption, overwriteOption, patternsOption, backgroundsOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? patterns = parse.GetValue(patternsOption), backgrounds = parse.GetValue(backgroundsOption);
            var options = new DatasetOptions
            {
                OutDir = parse.GetValue(outOption)!,
                People = parse.GetValue(peopleOption),
                Poses = parse.GetValue(posesOption),
                Size = parse.GetValue(sizeOption),
                Seed = parse.GetValue(seedOption),
                TestFraction = parse.GetValue(testOption),
                Overwrite = parse.GetValue(overwriteOption),
                Patterns = patterns is null ? null : SynthNames.ParseList<ShirtPattern>(patterns, "shirt pattern"),
                Backgrounds = backgrounds is null ? null : SynthNames.ParseList<BackgroundKind>(backgrounds, "background"),
            };
            var progress = new ConsoleProgress("synth dataset: ");
            DatasetResult result = await DatasetGenerator.WriteAsync(options, progress, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {result.OutDir}: train {result.TrainPeople} people / {result.TrainImages} images, " +
                $"test {result.TestPeople} people / {result.TestImages} images / {result.Transfers} transfer targets, " +
                $"{options.Size}x{options.Size}, in {result.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }

    /// <summary>Prints progress lines immediately, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class ConsoleProgress(string prefix) : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine(prefix + value);
    }
}
