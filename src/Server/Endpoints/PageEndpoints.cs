using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VUnetStream.Server.Endpoints;

/// <summary>GET / (the web page, embedded in the assembly) and GET /health.</summary>
internal static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPageEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Results.Stream(Page(), "text/html; charset=utf-8"));
        routes.MapGet("/index.html", () => Results.Stream(Page(), "text/html; charset=utf-8"));
        routes.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return routes;
    }

    private static Stream Page() =>
        typeof(PageEndpoints).Assembly.GetManifestResourceStream("wwwroot/index.html")
        ?? throw new InvalidOperationException("the page wwwroot/index.html is not embedded in the server assembly");
}
