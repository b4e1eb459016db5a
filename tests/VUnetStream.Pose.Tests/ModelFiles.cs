using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Tests;

/// <summary>
/// Tests that run the real BlazePose networks need the files that ./scripts/setup.sh installs (CI
/// always runs it first). When they are absent these tests fail and say so; they never pass silently.
/// </summary>
internal static class ModelFiles
{
    public static void Require(BlazePoseModel model)
    {
        if (!BlazePoseModelFiles.IsInstalled(model))
        {
            Assert.Fail($"BlazePose model {BlazePoseModelFiles.FileName(model)} is not installed in {BlazePoseModelFiles.DefaultDirectory}; run ./scripts/setup.sh");
        }
    }

    /// <summary>Debian's darknet package (in setup.sh's package list) ships this photo of a standing person.</summary>
    public const string PersonPhoto = "/usr/share/darknet/data/person.jpg";

    public static string RequirePersonPhoto()
    {
        if (!File.Exists(PersonPhoto))
        {
            Assert.Fail($"{PersonPhoto} is missing; run ./scripts/setup.sh (it installs Debian's darknet package, which ships it)");
        }

        return PersonPhoto;
    }
}
