using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace VUnetStream.Render.Training;

/// <summary>
/// The training part of a config file (everything except the model shape). JSON names are
/// snake_case; every field has the paper's default, so a config needs only what it changes.
/// </summary>
public sealed record TrainingOptions
{
    public int BatchSize { get; init; } = 8;

    public long Steps { get; init; } = 100_000;

    public double Lr { get; init; } = 1e-3;

    public double AdamBeta1 { get; init; } = 0.5;

    public double AdamBeta2 { get; init; } = 0.9;

    /// <summary>Steps at the base rate before the linear decay to 0 (the paper: 1000).</summary>
    public long LrConstantSteps { get; init; } = 1000;

    public double KlWeightStart { get; init; } = 1e-6;

    public double KlWeightEnd { get; init; } = 1.0;

    /// <summary>Fraction of training at which β starts to rise (the paper: ½).</summary>
    public double KlRampStart { get; init; } = 0.5;

    /// <summary>Fraction of training at which β reaches its final value (the paper: ¾).</summary>
    public double KlRampEnd { get; init; } = 0.75;

    /// <summary>Perceptual feature network: <c>vgg19</c>, <c>resnet18</c> or <c>none</c> (pixel L1 only).</summary>
    public string LossNetwork { get; init; } = "resnet18";

    /// <summary>Weights file for the loss network when it needs one (vgg19: a torchvision state dict).</summary>
    public string? LossWeights { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Images used for the data-dependent initialisation of the weight-normalised convolutions.</summary>
    public int InitImages { get; init; } = 32;

    public long CheckpointInterval { get; init; } = 1000;

    public long SampleInterval { get; init; } = 1000;

    public long LogInterval { get; init; } = 10;

    /// <summary>How many step checkpoints to keep (the newest ones); older ones are deleted.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>Torch intra-op threads; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Batches prepared ahead by the loader thread.</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>Images shown in the sample grids written during training.</summary>
    public int SampleImages { get; init; } = 6;

    /// <summary>
    /// w in the pixel term's weight 1 + w·m, m the person matte (0 = the paper's plain mean): makes the
    /// person, not the background, what the reconstruction is judged on. Needs a dataset with masks/.
    /// </summary>
    public double PersonLossWeight { get; init; }

    /// <summary>
    /// Held-out transfers scored by part colours at every sample interval (retrieval top-1 and colour error
    /// beside the mean person's, in loss.jsonl and loss.png); 0 turns it off. Needs a test split with people.csv.
    /// </summary>
    public int HeldOutTransfers { get; init; } = 64;

    /// <summary>Weight of mean|alpha − matte| (both in [−1, 1]; models with output_alpha); 5 is the pixel term's own scale.</summary>
    public double AlphaLossWeight { get; init; } = 5.0;

    /// <summary>
    /// The convolutions' number format in a training step: float32, bfloat16 (mixed precision: bf16
    /// convolutions, float32 weights, optimizer and losses; see <see cref="Model.MixedPrecision"/>) or auto
    /// (bfloat16 where the CPU runs it natively, AVX512-BF16 or AMX).
    /// </summary>
    public string Precision { get; init; } = "float32";

    [JsonIgnore]
    public ScalarType? ConvolutionType => Inference.RenderPrecisions.Resolve(Inference.RenderPrecisions.Parse(Precision, "precision"), CPU) switch
    {
        ScalarType.BFloat16 => ScalarType.BFloat16,
        _ => null,
    };

    /// <summary>
    /// Where a training image's appearance (its part crops) comes from: <c>self</c>, the image itself (the paper), or
    /// <c>same_person</c>, another image of the same person by <c>people.csv</c> (see <see cref="AppearanceSources"/>).
    /// </summary>
    public string AppearanceFrom { get; init; } = AppearanceSources.Self;

    [JsonIgnore]
    public KlWeightSchedule KlSchedule => new(KlWeightStart, KlWeightEnd, KlRampStart, KlRampEnd);

    [JsonIgnore]
    public LearningRateSchedule LrSchedule => new(Lr, LrConstantSteps);

    [JsonIgnore]
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    public void Validate(string source)
    {
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidDataException($"{source}: {message}");
            }
        }

        Require(BatchSize >= 1, $"batch_size must be at least 1 (got {BatchSize})");
        Require(Steps >= 1, $"steps must be at least 1 (got {Steps})");
        Require(Lr > 0 && double.IsFinite(Lr), $"lr must be a positive number (got {Lr})");
        Require(AdamBeta1 is >= 0 and < 1 && AdamBeta2 is >= 0 and < 1, "adam betas must be in [0, 1)");
        Require(LrConstantSteps >= 0, "lr_constant_steps must not be negative");
        Require(KlRampStart >= 0 && KlRampStart <= KlRampEnd && KlRampEnd <= 1,
            $"kl ramp fractions must satisfy 0 <= kl_ramp_start ({KlRampStart}) <= kl_ramp_end ({KlRampEnd}) <= 1");
        Require(KlWeightStart >= 0 && KlWeightEnd >= 0, "kl weights must not be negative");
        Require(InitImages >= 1, "init_images must be at least 1");
        Require(CheckpointInterval >= 1 && SampleInterval >= 1 && LogInterval >= 1, "intervals must be at least 1");
        Require(KeepCheckpoints >= 1, "keep_checkpoints must be at least 1");
        Require(Threads >= 0, "threads must not be negative (0 = one per core)");
        Require(Prefetch >= 1, "prefetch must be at least 1");
        Require(SampleImages >= 1, "sample_images must be at least 1");
        Require(HeldOutTransfers >= 0, $"held_out_transfers must not be negative (got {HeldOutTransfers})");
        Require(PersonLossWeight >= 0 && double.IsFinite(PersonLossWeight), $"person_loss_weight must be a non-negative number (got {PersonLossWeight})");
        Require(IsPrecisionName(Precision), $"precision must be one of {Inference.RenderPrecisions.Names} (got '{Precision}')");
        Require(AlphaLossWeight >= 0 && double.IsFinite(AlphaLossWeight), $"alpha_loss_weight must be a non-negative number (got {AlphaLossWeight})");
        Require(AppearanceSources.IsKnown(AppearanceFrom), $"appearance_from must be '{AppearanceSources.Self}' or '{AppearanceSources.SamePerson}' (got '{AppearanceFrom}')");
    }

    // The render option's own parser decides what a precision name is, so the two never disagree.
    private static bool IsPrecisionName(string text)
    {
        try
        {
            Inference.RenderPrecisions.Parse(text, "precision");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static TrainingOptions FromJson(JsonObject json, string source)
    {
        TrainingOptions options;
        try
        {
            options = json.Deserialize<TrainingOptions>(JsonOptions) ?? new TrainingOptions();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }

        options.Validate(source);
        return options;
    }
}
