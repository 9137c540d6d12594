using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure;

/// <summary>Limits on request bodies: JSON bodies up to Cms:MaxJsonBytes (uploads have Cms:MaxUploadBytes), and a body
/// without a Content-Type is refused with a problem that says what to send.</summary>
public static class RequestBodies
{
    /// <summary>Refuses, before any endpoint runs, a JSON body declared larger than the limit (413), and a body sent
    /// without a Content-Type (415). Bodies streamed without a length are held to the limit by the server.</summary>
    public static IApplicationBuilder LimitRequestBodies(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<IOptions<CmsOptions>>().Value.MaxJsonBytes;
        return app.Use(async (ctx, next) =>
        {
            var request = ctx.Request;
            var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            if (hasBody && string.IsNullOrEmpty(request.ContentType))
            {
                await Problems.WriteAsync(ctx, ProblemTypes.UnsupportedMediaType,
                    "The body has no Content-Type: send JSON as application/json (application/merge-patch+json for PATCH, multipart/form-data for uploads).");
                return;
            }
            if (hasBody && !request.HasFormContentType)
            {
                if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.Charset.HasValue
                    && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    await Problems.WriteAsync(ctx, ProblemTypes.UnsupportedMediaType,
                        $"JSON is read as UTF-8 (RFC 8259); send the body as UTF-8 with charset=utf-8 or no charset, not {Problems.Quote(type.Charset.Value)}.");
                    return;
                }
                if (request.ContentLength > limit)
                {
                    await Problems.WriteAsync(ctx, ProblemTypes.BodyTooLarge,
                        $"The body is {request.ContentLength:N0} bytes; JSON bodies may be at most {limit:N0} bytes.");
                    return;
                }
                if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) { size.MaxRequestBodySize = limit; }
            }
            await next(ctx);
        });
    }

    /// <summary>Reads a JSON body whole, within the limit, and only if it is valid UTF-8.</summary>
    /// <returns>The bytes, or null when a 413 or 400 problem was already sent.</returns>
    public static async Task<byte[]?> ReadJsonAsync(IEndpoint ep, CancellationToken ct)
    {
        var limit = ep.HttpContext.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.MaxJsonBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ep.HttpContext.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await ep.SendProblemAsync(ProblemTypes.BodyTooLarge, $"JSON bodies may be at most {limit:N0} bytes.", ct);
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();
        if (!Utf8.IsValid(body))
        {
            await ep.SendProblemAsync(ProblemTypes.MalformedRequest, "The body is not valid UTF-8 text; JSON must be sent as UTF-8.", ct);
            return null;
        }
        return body;
    }

    /// <summary>FastEndpoints reads a body as JSON whenever the Content-Type says JSON, even when no body came: a GET
    /// from a client that sends Content-Type: application/json on every request was refused ("the request body is
    /// empty"). An empty body is read as no body, so the request binds from its route and query alone, unless the
    /// operation needs a body (it declares a required one with members that are not route values).</summary>
    /// <returns>FastEndpoints' request deserializer, reading with these options.</returns>
    public static Func<HttpRequest, Type, JsonSerializerContext?, CancellationToken, ValueTask<object?>> JsonBodyReader(JsonSerializerOptions options) =>
        (request, type, context, ct) => IsEmpty(request) && !NeedsBody(request, type)
            ? ValueTask.FromResult<object?>(null)
            : request.ReadFromJsonAsync(type, context?.Options ?? options, ct);

    static bool IsEmpty(HttpRequest request) =>
        request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    static bool NeedsBody(HttpRequest request, Type type)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method)) { return false; }
        var endpoint = request.HttpContext.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not { IsOptional: false }) { return false; }
        var routeValues = (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.CanWrite && !routeValues.Contains(p.Name));
    }
}
