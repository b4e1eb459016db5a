namespace VUnetStream.Core.IO;

/// <summary>
/// The one rule every command checks before it does any work: an output never replaces a user's file.
/// An output that is one of the inputs (or a folder holding one) is refused even with --overwrite,
/// because the input is read while the output is written; an existing output file or a non-empty
/// output folder is refused unless the user passed --overwrite; and two outputs may not be the same
/// path or one inside the other (one would destroy the other when it is renamed into place).
/// </summary>
public static class OutputGuard
{
    public static void Check(IEnumerable<NamedOutput> outputs, IEnumerable<NamedPath> inputs, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        NamedOutput[] outs = outputs.ToArray();
        NamedPath[] ins = inputs.ToArray();
        foreach (NamedOutput output in outs)
        {
            foreach (NamedPath input in ins)
            {
                ThrowIfOverlapsInput(output, input);
            }
        }

        for (int i = 0; i < outs.Length; i++)
        {
            for (int j = 0; j < outs.Length; j++)
            {
                if (i != j)
                {
                    ThrowIfOverlapsOutput(outs[i], outs[j]);
                }
            }
        }

        foreach (NamedOutput output in outs)
        {
            ThrowIfOccupied(output, overwrite);
        }
    }

    /// <summary>Whether <paramref name="inner"/> is <paramref name="outer"/> or lies somewhere below it.</summary>
    public static bool IsSameOrInside(string inner, string outer)
    {
        string a = NamedPath.Resolve(inner).TrimEnd(Path.DirectorySeparatorChar);
        string b = NamedPath.Resolve(outer).TrimEnd(Path.DirectorySeparatorChar);
        return a == b || a.StartsWith(b + Path.DirectorySeparatorChar, StringComparison.Ordinal) || b.Length == 0;
    }

    private static void ThrowIfOverlapsInput(NamedOutput output, NamedPath input)
    {
        if (IsSameOrInside(input.Path, output.Path.Path) && (output.Kind == OutputKind.Folder || SameTarget(input.Path, output.Path.Path)))
        {
            string relation = SameTarget(input.Path, output.Path.Path) ? "is the input" : "contains the input";
            throw new IOException($"{output.Path} {relation} {input}: an output never replaces an input (choose another {output.Path.Name})");
        }
    }

    private static void ThrowIfOverlapsOutput(NamedOutput a, NamedOutput b)
    {
        if (SameTarget(a.Path.Path, b.Path.Path))
        {
            throw new IOException($"{a.Path} and {b.Path} are the same path; give them different names");
        }

        if (a.Kind == OutputKind.Folder && IsSameOrInside(b.Path.Path, a.Path.Path))
        {
            throw new IOException($"{a.Path} would contain {b.Path}: writing the folder would replace it (put them in different places)");
        }
    }

    private static void ThrowIfOccupied(NamedOutput output, bool overwrite)
    {
        string full = Path.GetFullPath(output.Path.Path);
        if (output.Kind == OutputKind.File)
        {
            if (Directory.Exists(full))
            {
                throw new IOException($"{output.Path} is an existing folder, not a file");
            }

            if (File.Exists(full) && !overwrite)
            {
                throw new IOException($"{output.Path} already exists (pass --overwrite to replace it)");
            }

            return;
        }

        if (File.Exists(full))
        {
            throw new IOException($"{output.Path} is an existing file, not a folder");
        }

        if (!overwrite && Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new IOException($"{output.Path} exists and is not empty (choose a new or empty folder, or pass --overwrite to replace it)");
        }
    }

    private static bool SameTarget(string a, string b) => NamedPath.Resolve(a) == NamedPath.Resolve(b);
}
