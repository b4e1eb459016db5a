namespace VUnetStream.Render.Tests;

/// <summary>Files committed to the repository (configs, the default model, the default run), found from the test binaries.</summary>
internal static class RepositoryFiles
{
    public static string Root()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "VUnetStream.sln")))
            {
                return dir;
            }
        }

        throw new DirectoryNotFoundException("the repository root (VUnetStream.sln) is not above the test binaries");
    }

    public static string Combine(params string[] parts) => Path.Combine([Root(), .. parts]);
}
