using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VUnetStream.Server;

/// <summary>
/// With a key set, every request needs it (401 otherwise) except /health, for load balancers, and the page
/// itself, which holds no data (it asks for the key and sends it with its calls). The key is read from the
/// X-Api-Key header, or from the api_key query parameter for what a browser loads by URL (the live
/// &lt;img&gt; and the result &lt;video&gt;, which cannot send headers). Compared in constant time.
/// </summary>
internal static class ApiKeyCheck
{
    public const string Header = "X-Api-Key";

    public static IApplicationBuilder UseApiKey(this IApplicationBuilder app, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return app;
        }

        byte[] expected = Encoding.UTF8.GetBytes(key);
        return app.Use(async (context, next) =>
        {
            string path = context.Request.Path.Value ?? "/";
            if (path is "/health" or "/" or "/index.html")
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            string? given = context.Request.Headers[Header].FirstOrDefault() ?? context.Request.Query["api_key"].FirstOrDefault();
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = $"missing or wrong {Header} header" }).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
