using System.Text.Json;
using System.Text.Json.Serialization;

namespace VUnetStream.Render.Model;

/// <summary>
/// The hyper-parameters that fix a VUNet's architecture (and therefore its state-dict shapes).
/// Defaults are the reference settings of the official code for DeepFashion at 256² (≈47 M parameters).
/// <para>
/// Derived sizes: <see cref="Scales"/> = 1 + log2(ImageSize) − BottleneckFactor resolutions
/// (ImageSize … ImageSize/2^(Scales−1)); the decoder has <see cref="Filters"/>(s) = min(BaseFilters·2^s, MaxFilters)
/// channels at scale s; the appearance encoder runs on part crops of side ImageSize/2^BoxFactor over the
/// last Scales − BoxFactor scales; latents live at the <see cref="LatentScales"/> coarsest scales.
/// The official Market-1501 run used ImageSize 128 with BoxFactor 1 and BottleneckFactor 1.
/// </para>
/// </summary>
public sealed record VUnetConfig
{
    public const int ImageChannels = 3;
    public const int CropChannels = 24;

    public int ImageSize { get; init; } = 256;

    public int BoxFactor { get; init; } = 2;

    public int BottleneckFactor { get; init; } = 2;

    public int BaseFilters { get; init; } = 32;

    public int MaxFilters { get; init; } = 128;

    /// <summary>Residual blocks per scale; even, half before and half after the latent at latent scales.</summary>
    public int ResBlocksPerScale { get; init; } = 2;

    public int LatentScales { get; init; } = 2;

    /// <summary>Dropout probability inside residual blocks (training only).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>
    /// A 4th output channel: the person's alpha in [−1, 1] (trained from person mattes), so the background is
    /// never the model's job and the person can be composited onto any background. The paper's model has
    /// 3 channels (false, the default, and what checkpoints without this key are).
    /// </summary>
    public bool OutputAlpha { get; init; }

    /// <summary>Channels of the decoder's output: RGB, plus the alpha when <see cref="OutputAlpha"/>.</summary>
    [JsonIgnore]
    public int OutputChannels => ImageChannels + (OutputAlpha ? 1 : 0);

    /// <summary>Number of resolutions of the U-Net.</summary>
    [JsonIgnore]
    public int Scales => 1 + Log2(ImageSize) - BottleneckFactor;

    /// <summary>Number of resolutions the appearance encoder runs over (it starts at the crop size).</summary>
    [JsonIgnore]
    public int AppearanceScales => Scales - BoxFactor;

    /// <summary>Side length of each part crop.</summary>
    [JsonIgnore]
    public int CropSize => ImageSize >> BoxFactor;

    /// <summary>Side length at U-Net scale <paramref name="scale"/> (0 = full resolution).</summary>
    public int Resolution(int scale) => ImageSize >> scale;

    /// <summary>Channel count at U-Net scale <paramref name="scale"/> (0 = full resolution).</summary>
    public int Filters(int scale) => (int)Math.Min((long)BaseFilters << scale, MaxFilters);

    /// <summary>Latent tensor shapes [C, H, W] per latent scale, coarsest first (the order of <see cref="Latents.Scales"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<long[]> LatentShapes =>
        Enumerable.Range(0, LatentScales)
            .Select(i => Scales - 1 - i)
            .Select(s => new long[] { Filters(s), Resolution(s), Resolution(s) })
            .ToArray();

    /// <summary>Total number of latent dimensions per image (10,240 for the reference 256² model).</summary>
    [JsonIgnore]
    public long LatentDimensions => LatentShapes.Sum(s => s[0] * s[1] * s[2]);

    /// <summary>The reference settings (base 32, max 128, box factor 2, bottleneck factor 2) at <paramref name="imageSize"/>.</summary>
    /// <summary>The architecture in the config file's key names: what a weights mismatch or a resume conflict names.</summary>
    public string Describe() =>
        $"image_size {ImageSize}, base_filters {BaseFilters}, max_filters {MaxFilters}, box_factor {BoxFactor}, bottleneck_factor {BottleneckFactor}, latent_scales {LatentScales}" +
        (OutputAlpha ? ", output_alpha" : "");

    public static VUnetConfig Reference(int imageSize = 256) => new VUnetConfig { ImageSize = imageSize }.Validated();

    /// <summary>A small model for tests: 64², base 16, max 32 filters (≈2 M parameters).</summary>
    public static VUnetConfig Tiny { get; } = new VUnetConfig { ImageSize = 64, BaseFilters = 16, MaxFilters = 32 }.Validated();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot make a working model.</summary>
    public VUnetConfig Validated()
    {
        if (ImageSize < 8 || (ImageSize & (ImageSize - 1)) != 0)
        {
            throw new ArgumentException($"image_size must be a power of two of at least 8, got {ImageSize}");
        }

        if (BaseFilters < 1 || MaxFilters < BaseFilters)
        {
            throw new ArgumentException($"filters must satisfy 1 <= base_filters <= max_filters, got base {BaseFilters}, max {MaxFilters}");
        }

        if (ResBlocksPerScale < 2 || ResBlocksPerScale % 2 != 0)
        {
            throw new ArgumentException($"res_blocks_per_scale must be even and at least 2, got {ResBlocksPerScale}");
        }

        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentException($"dropout must be in [0, 1), got {Dropout}");
        }

        if (BottleneckFactor < 0 || Scales < 2)
        {
            throw new ArgumentException($"bottleneck_factor {BottleneckFactor} leaves {Scales} scales for image_size {ImageSize}; need at least 2");
        }

        if (LatentScales < 1 || LatentScales > Scales)
        {
            throw new ArgumentException($"latent_scales must be between 1 and the number of scales ({Scales}), got {LatentScales}");
        }

        if (BoxFactor < 0 || AppearanceScales < LatentScales)
        {
            throw new ArgumentException(
                $"box_factor {BoxFactor} leaves the appearance encoder {AppearanceScales} scales, fewer than latent_scales {LatentScales}");
        }

        // The autoregressive prior splits each latent grid into 2×2 sub-pixel groups.
        if (Resolution(Scales - 1) < 2)
        {
            throw new ArgumentException(
                $"the coarsest latent grid is {Resolution(Scales - 1)}x{Resolution(Scales - 1)}; the 4-group prior needs at least 2x2 (raise image_size or lower bottleneck_factor)");
        }

        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates a config; <paramref name="source"/> names the file in error messages.</summary>
    public static VUnetConfig FromJson(string json, string source = "config")
    {
        VUnetConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<VUnetConfig>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a valid model config ({ex.Message})", ex);
        }

        if (config is null)
        {
            throw new InvalidDataException($"{source}: empty model config");
        }

        try
        {
            return config.Validated();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private static int Log2(int value) => value <= 0 ? 0 : System.Numerics.BitOperations.Log2((uint)value);
}
