using System.Buffers.Text;
using System.Security.Cryptography;

namespace VUnetStream.Service.Jobs;

/// <summary>
/// Job ids: 128 random bits, base64url (22 characters). Knowing one job's id tells nothing about another's,
/// so an id can serve as the capability to see a job's result.
/// </summary>
public static class JobIds
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="text"/> has the shape of an id (checked before it names a folder).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: 22 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
