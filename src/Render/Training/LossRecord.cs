using System.Text.Json.Serialization;

namespace VUnetStream.Render.Training;

/// <summary>One line of the loss log (JSONL): the loss terms of one step and the schedule values used.</summary>
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

    [JsonPropertyName("images_per_second")]
    public double ImagesPerSecond { get; init; }

    [JsonPropertyName("elapsed_seconds")]
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
}
