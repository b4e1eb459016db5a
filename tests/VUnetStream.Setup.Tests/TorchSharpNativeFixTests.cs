namespace VUnetStream.Setup.Tests;

/// <summary>
/// The Debian 12 fix for libLibTorchSharp.so: the build marks the GLIBCXX_3.4.32 requirement weak in
/// the copy that is loaded, and only when the system libstdc++ lacks that version.
/// </summary>
public sealed class TorchSharpNativeFixTests
{
    private const string Version = "GLIBCXX_3.4.32";
    private const string SystemLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    private static string LoadedCopy()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's native library is not in the test output: {path}");
        return path;
    }

    [Fact]
    public void LoadedCopy_IsWeakExactlyWhenTheSystemLacksTheVersion()
    {
        bool systemHasVersion = ElfVersionNeeds.LibraryDefinesVersion(SystemLibStdCxx, Version);
        int flags = ElfVersionNeeds.ReadFlags(LoadedCopy(), Version);

        Assert.True(flags >= 0, "libLibTorchSharp.so no longer requires GLIBCXX_3.4.32; the fix may be obsolete");
        Assert.Equal(!systemHasVersion, (flags & 0x2) != 0);
    }

    [Fact]
    public void MarkWeak_OnAnUnpatchedCopy_SetsOnlyTheWeakFlagAndIsIdempotent()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"vunet-elf-{Guid.NewGuid():N}.so");
        File.Copy(LoadedCopy(), copy);
        try
        {
            // Start from the package's original state (flag clear).
            int original = ElfVersionNeeds.ReadFlags(copy, Version) & ~0x2;
            byte[] bytes = File.ReadAllBytes(copy);
            ClearWeak(copy);
            byte[] unpatched = File.ReadAllBytes(copy);

            Assert.True(ElfVersionNeeds.MarkWeak(copy, Version));
            Assert.Equal(original | 0x2, ElfVersionNeeds.ReadFlags(copy, Version));
            Assert.False(ElfVersionNeeds.MarkWeak(copy, Version));

            byte[] patched = File.ReadAllBytes(copy);
            int differing = unpatched.Zip(patched).Count(p => p.First != p.Second);
            Assert.Equal(1, differing);
            Assert.Equal(bytes.Length, patched.Length);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void MarkWeak_OnAVersionTheLibraryDoesNotRequire_ChangesNothing()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"vunet-elf-{Guid.NewGuid():N}.so");
        File.Copy(LoadedCopy(), copy);
        try
        {
            byte[] before = File.ReadAllBytes(copy);
            Assert.False(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_9.9.99"));
            Assert.Equal(-1, ElfVersionNeeds.ReadFlags(copy, "GLIBCXX_9.9.99"));
            Assert.Equal(before, File.ReadAllBytes(copy));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void ReadFlags_OnANonElfFile_SaysSo()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vunet-not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is not a shared library, just text long enough to pass the size check of the header......");
        try
        {
            InvalidDataException error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadFlags(path, Version));
            Assert.Contains("not an ELF file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void ClearWeak(string path)
    {
        int offset = ElfVersionNeeds.FlagsOffset(path, Version);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] &= unchecked((byte)~0x2);
        File.WriteAllBytes(path, bytes);
    }
}
