// Marks one ELF symbol-version requirement of a shared library as weak, so the dynamic loader
// accepts the library on a system whose libstdc++ lacks that version.
//
// Why: TorchSharp's libLibTorchSharp.so is built with GCC 13 and asks for GLIBCXX_3.4.32, whose
// only symbol (_ZSt21ios_base_library_initv) is an asm-only reference nothing calls. Debian 12's
// libstdc++ stops at GLIBCXX_3.4.30, so the library fails to load there. Setting VER_FLG_WEAK
// on that one Vernaux entry makes the loader tolerate the missing version.
//
// This file is compiled twice: by MSBuild as an inline task (Directory.Build.targets) and by the
// setup tests (with VUNET_TESTS defined, without the MSBuild task class).
using System;
using System.IO;
using System.Text;

public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>True if <paramref name="libraryPath"/>'s bytes contain the version string (e.g. GLIBCXX_3.4.32).</summary>
    public static bool LibraryDefinesVersion(string libraryPath, string version)
    {
        byte[] bytes = File.ReadAllBytes(libraryPath);
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        // A plain scan: this file also compiles as an MSBuild inline task, which targets netstandard2.0.
        for (int i = 0; i + needle.Length <= bytes.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && bytes[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns the flags of the Vernaux entry that requires <paramref name="version"/>, or -1 if the
    /// library does not require it.
    /// </summary>
    public static int ReadFlags(string elfPath, string version)
    {
        byte[] elf = File.ReadAllBytes(elfPath);
        int offset = FindVernaux(elf, version);
        return offset < 0 ? -1 : BitConverter.ToUInt16(elf, offset + 4);
    }

    /// <summary>The file offset of the flags field of the Vernaux entry for <paramref name="version"/>, or -1.</summary>
    public static int FlagsOffset(string elfPath, string version)
    {
        int offset = FindVernaux(File.ReadAllBytes(elfPath), version);
        return offset < 0 ? -1 : offset + 4;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the requirement of <paramref name="version"/>. Returns true if the file was
    /// changed, false if the requirement is absent or already weak.
    /// </summary>
    public static bool MarkWeak(string elfPath, string version)
    {
        byte[] elf = File.ReadAllBytes(elfPath);
        int offset = FindVernaux(elf, version);
        if (offset < 0)
        {
            return false;
        }

        ushort flags = BitConverter.ToUInt16(elf, offset + 4);
        if ((flags & VerFlagWeak) != 0)
        {
            return false;
        }

        BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, offset + 4);
        string temp = elfPath + ".patching";
        File.WriteAllBytes(temp, elf);
        File.Copy(temp, elfPath, overwrite: true);
        File.Delete(temp);
        return true;
    }

    private static int FindVernaux(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
        }

        long sectionTable = BitConverter.ToInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < sectionCount; i++)
        {
            int header = checked((int)(sectionTable + (long)i * sectionSize));
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            int verneed = checked((int)BitConverter.ToInt64(elf, header + 24));
            int linkedStrings = (int)BitConverter.ToUInt32(elf, header + 40);
            int entryCount = (int)BitConverter.ToUInt32(elf, header + 44);
            int stringsHeader = checked((int)(sectionTable + (long)linkedStrings * sectionSize));
            int strings = checked((int)BitConverter.ToInt64(elf, stringsHeader + 24));

            int need = verneed;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int name = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    if (ReadCString(elf, name) == version)
                    {
                        return aux;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }

        return -1;
    }

    private static string ReadCString(byte[] bytes, int start)
    {
        int end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}

#if !VUNET_TESTS
/// <summary>MSBuild task: applies the weak-version fix to every copy of a native library in an output folder.</summary>
public sealed class PatchTorchSharpNative : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public string OutputDirectory { get; set; } = "";

    public string LibraryName { get; set; } = "libLibTorchSharp.so";

    public string Version { get; set; } = "GLIBCXX_3.4.32";

    public string SystemLibStdCxx { get; set; } = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    public override bool Execute()
    {
        if (!Directory.Exists(OutputDirectory) || !File.Exists(SystemLibStdCxx))
        {
            return true;
        }

        if (ElfVersionNeeds.LibraryDefinesVersion(SystemLibStdCxx, Version))
        {
            return true; // Debian 13, Ubuntu 24.04 and newer: nothing to fix.
        }

        foreach (string library in Directory.EnumerateFiles(OutputDirectory, LibraryName, SearchOption.AllDirectories))
        {
            if (ElfVersionNeeds.MarkWeak(library, Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"VUnetStream: system libstdc++ lacks {Version}; marked that requirement weak in {library} so TorchSharp loads.");
            }
        }

        return true;
    }
}
#endif
