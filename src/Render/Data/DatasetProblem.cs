namespace VUnetStream.Render.Data;

/// <summary>An image left out of a dataset, with the file and the reason (shown as a counted warning).</summary>
public sealed record DatasetProblem(string File, string Problem)
{
    public override string ToString() => $"{File}: {Problem}";
}
