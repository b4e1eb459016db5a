namespace VUnetStream.Core.IO;

/// <summary>What kind of thing an output path names.</summary>
public enum OutputKind
{
    File,
    Folder,
}

/// <summary>One output of a command: its name and path, and whether it is a file or a folder.</summary>
public sealed record NamedOutput(NamedPath Path, OutputKind Kind)
{
    public static NamedOutput File(string name, string path) => new(new NamedPath(name, path), OutputKind.File);

    public static NamedOutput Folder(string name, string path) => new(new NamedPath(name, path), OutputKind.Folder);
}
