using System.Text.Json.Serialization;

namespace VUnetStream.Render.Training;

/// <summary>
/// One line of the loss log (JSONL): the loss terms of one step and the schedule values used. Keys carry
/// no units (README, "Output folder", lists them); records written before that, with
/// <c>images_per_second</c> and <c>elapsed_seconds</c>, still load.
/// </summary>
public sealed record LossRecord
{
    [JsonPropertyName("step")]
    public long Step { get; init; }

    /// <summary>perceptual + β·KL, the quantity minimised.</summary>
    [JsonPropertyName("loss")]
    public double Loss { get; init; }

    [JsonPropertyName("perceptual")]
    public double Perceptual { get; init; }

    /// <summary>The unweighted pixel term mean|x − x̂| (images in [−1, 1]), part of the perceptual loss.</summary>
    [JsonPropertyName("pixel_l1")]
    public double PixelL1 { get; init; }

    /// <summary>mean |alpha − matte| (both in [−1, 1]) (0 for 3-channel models).</summary>
    [JsonPropertyName("alpha_l1")]
    public double AlphaL1 { get; init; }

    [JsonPropertyName("kl")]
    public double Kl { get; init; }

    [JsonPropertyName("beta")]
    public double Beta { get; init; }

    [JsonPropertyName("lr")]
    public double Lr { get; init; }

    /// <summary>Training throughput (images/s).</summary>
    [JsonPropertyName("image_rate")]
    public double ImagesPerSecond { get; init; }

    /// <summary>Training time since the run began, over all sessions (s).</summary>
    [JsonPropertyName("elapsed")]
    public double ElapsedSeconds { get; init; }

    /// <summary>Held-out appearance retrieval top-1 by part colours (<see cref="HeldOutAppearance"/>); only at sample steps.</summary>
    [JsonPropertyName("heldout_retrieval_top1")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? HeldOutRetrievalTop1 { get; init; }

    [JsonPropertyName("heldout_retrieval_chance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? HeldOutRetrievalChance { get; init; }

    /// <summary>Held-out transfer part-colour error (0–255).</summary>
    [JsonPropertyName("heldout_colour_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? HeldOutColourError { get; init; }

    /// <summary>The mean person's part-colour error on the same transfers: what ignoring z scores.</summary>
    [JsonPropertyName("heldout_mean_person_colour_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? HeldOutMeanPersonColourError { get; init; }

    // The keys before they lost their units: read (existing runs' loss.jsonl and checkpoint.json), never written.
    [JsonInclude]
    [JsonPropertyName("images_per_second")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private double? OldImagesPerSecond
    {
        get => null;
        init => ImagesPerSecond = value ?? ImagesPerSecond;
    }

    [JsonInclude]
    [JsonPropertyName("elapsed_seconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private double? OldElapsedSeconds
    {
        get => null;
        init => ElapsedSeconds = value ?? ElapsedSeconds;
    }
}
