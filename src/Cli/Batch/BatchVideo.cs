namespace VUnetStream.Cli.Batch;

/// <summary>One video of a batch: the name the user knows it by (its path in the folder or zip) and where it is read from.</summary>
internal sealed record BatchVideo(string Name, string Path);
