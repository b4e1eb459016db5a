namespace VUnetStream.Service.Submissions;

/// <summary>A file a client sent: the name it gave (shown, never used as a path), its announced length and its content.</summary>
public sealed record Upload(string FileName, long Length, Func<Stream> OpenRead);
