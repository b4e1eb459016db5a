namespace VUnetStream.Pose.Estimation;

/// <summary>The three BlazePose landmark networks of <c>@mediapipe/pose</c>: faster to more accurate.</summary>
public enum BlazePoseModel
{
    Lite,
    Full,
    Heavy,
}

/// <summary>
/// Where the BlazePose model files live. <c>scripts/models.sh</c> (run by <c>scripts/setup.sh</c>)
/// puts them in <c>$VUNET_MODELS</c>, or <c>~/.cache/vunetstream/models</c> when that is unset,
/// outside the repository because they are third-party weights.
/// </summary>
public static class BlazePoseModelFiles
{
    public const string DirectoryVariable = "VUNET_MODELS";

    public static string DefaultDirectory
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment;
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "vunetstream", "models");
        }
    }

    public static string FileName(BlazePoseModel model) => model switch
    {
        BlazePoseModel.Lite => "pose_landmark_lite.tflite",
        BlazePoseModel.Full => "pose_landmark_full.tflite",
        BlazePoseModel.Heavy => "pose_landmark_heavy.tflite",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "unknown BlazePose model"),
    };

    /// <summary>The model file's path; throws a message that says how to install it when it is absent.</summary>
    public static string Locate(BlazePoseModel model, string? directory = null)
    {
        directory ??= DefaultDirectory;
        string path = Path.Combine(directory, FileName(model));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"BlazePose model '{path}' not found. Run ./scripts/setup.sh (it fetches the models into " +
                $"{directory}; set {DirectoryVariable} to use another folder).", path);
        }

        return path;
    }

    public static bool IsInstalled(BlazePoseModel model, string? directory = null) =>
        File.Exists(Path.Combine(directory ?? DefaultDirectory, FileName(model)));

    /// <summary>Parses <c>lite|full|heavy</c> (case-insensitive), with an error that lists the choices.</summary>
    public static BlazePoseModel Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "lite" => BlazePoseModel.Lite,
        "full" => BlazePoseModel.Full,
        "heavy" => BlazePoseModel.Heavy,
        _ => throw new ArgumentException($"unknown pose model '{text}'; choose lite, full or heavy"),
    };
}
