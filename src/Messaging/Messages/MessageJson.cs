using System.Text.Json;
using System.Text.Json.Serialization;

namespace VUnetStream.Messaging.Messages;

/// <summary>Messages are JSON with snake_case keys and enum names, like the API's answers.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Options);

    /// <summary>The message, or null when the text is not one (a poison message is reported, not fatal).</summary>
    public static T? TryRead<T>(string? text)
        where T : class
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
