namespace VUnetStream.Render.Training;

/// <summary>
/// The values of the training option <c>appearance_from</c>: which image the appearance encoder sees while the
/// decoder learns to draw a training image x in its own pose.
/// <list type="bullet">
/// <item><c>self</c>: x's own part crops (the paper). Cheap, and all a dataset of one image per person allows, but
/// z may carry what only this image shows (the exact fold of a sleeve in this pose).</item>
/// <item><c>same_person</c>: the part crops of another image of x's person (<c>people.csv</c>), drawn per step. z must
/// then carry what stays the same across that person's images, which is exactly what a transfer asks of it (the look
/// of one image in the pose of another); a video of one person gives hundreds of such images.</item>
/// </list>
/// </summary>
public static class AppearanceSources
{
    public const string Self = "self";
    public const string SamePerson = "same_person";

    public static bool IsKnown(string? value) => value is Self or SamePerson;
}
