using TorchSharp;
using static TorchSharp.torch;

namespace VUnetStream.Render.Inference;

/// <summary>The number format a model renders in.</summary>
public enum RenderPrecision
{
    /// <summary>bfloat16 where the CPU runs it natively (AVX512-BF16 or AMX) and a probe finds it faster than float32 (<see cref="BFloat16Probe"/>), float32 everywhere else.</summary>
    Auto,

    /// <summary>float32 weights and activations.</summary>
    Float32,

    /// <summary>bfloat16 weights and activations (emulated, and slower than float32, on CPUs without native bf16).</summary>
    BFloat16,
}

/// <summary>Parsing and resolving <see cref="RenderPrecision"/>.</summary>
public static class RenderPrecisions
{
    /// <summary>The names a user may type, for help texts.</summary>
    public const string Names = "auto, float32 (fp32) or bfloat16 (bf16)";

    /// <summary>Parses auto, float32/fp32 or bfloat16/bf16 (any case); anything else is an error naming the option.</summary>
    public static RenderPrecision Parse(string text, string optionName = "--precision") => text.Trim().ToLowerInvariant() switch
    {
        "auto" => RenderPrecision.Auto,
        "float32" or "fp32" => RenderPrecision.Float32,
        "bfloat16" or "bf16" => RenderPrecision.BFloat16,
        _ => throw new ArgumentException($"{optionName}: expected {Names}, got '{text}'"),
    };

    /// <summary>
    /// The dtype to render in on <paramref name="device"/>. Auto picks bfloat16 only on a CPU with native bf16
    /// where the probe finds bf16 convolutions clearly faster: on an AMD EPYC with AVX512-BF16 it renders about
    /// twice as fast as float32 with renders a person cannot tell apart (see the bench's bf16 quality gate),
    /// on an Intel Xeon with AVX512-BF16 but no AMX it is slower than float32. On CUDA the choice is left at
    /// float32 because it has not been measured.
    /// </summary>
    public static ScalarType Resolve(this RenderPrecision precision, Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return precision switch
        {
            RenderPrecision.Float32 => ScalarType.Float32,
            RenderPrecision.BFloat16 => ScalarType.BFloat16,
            _ => device.type == DeviceType.CPU && BFloat16Probe.Pays ? ScalarType.BFloat16 : ScalarType.Float32,
        };
    }
}
