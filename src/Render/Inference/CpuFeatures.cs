namespace VUnetStream.Render.Inference;

/// <summary>
/// What this machine's CPU can do, read at run time (the machines a build runs on differ: AVX2 only,
/// AVX-512 with BF16, AMX), never assumed from the machine it was built on.
/// </summary>
public static class CpuFeatures
{
    private static readonly Lazy<string> Flags = new(ReadFlags);

    /// <summary>
    /// True when /proc/cpuinfo lists avx512_bf16 or amx_bf16, the instructions oneDNN needs for fast bf16
    /// convolutions; without them libtorch emulates bf16 and it is slower than float32.
    /// </summary>
    public static bool HasNativeBFloat16 => HasFlag("avx512_bf16") || HasFlag("amx_bf16");

    /// <summary>The instruction-set flags that matter for libtorch's kernels, for reports ("avx2 fma avx512f ...").</summary>
    public static string Summary =>
        string.Join(' ', new[] { "avx2", "fma", "f16c", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile" }.Where(HasFlag));

    /// <summary>True when the first "flags" line of /proc/cpuinfo holds <paramref name="flag"/> as a whole word.</summary>
    public static bool HasFlag(string flag) => Flags.Value.Contains($" {flag} ", StringComparison.Ordinal);

    private static string ReadFlags()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null ? " " : $" {line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()} ";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux: no flags known, so nothing is assumed.
            return " ";
        }
    }
}
