using System.Security.Cryptography;
using Cms.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure;

/// <summary>Marks an endpoint whose response streams (media bytes): it keeps its own validators and is not buffered.</summary>
public sealed class StreamedResponse;

/// <summary>Conditional GETs and cache headers for every read. A successful GET gets a strong ETag (a hash of the exact
/// bytes) and is answered 304 when the client already holds them (If-None-Match, or If-Modified-Since against a
/// Last-Modified the endpoint set). Anonymous reads may be cached by anyone for a short time; reads with a key are
/// private and never stored, since they can include drafts.</summary>
public sealed class HttpCaching(RequestDelegate next, IOptions<CmsOptions> options)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (!HttpMethods.IsGet(ctx.Request.Method))
        {
            await next(ctx);
            return;
        }

        ctx.Response.OnStarting(() =>
        {
            SetCacheHeaders(ctx);
            return Task.CompletedTask;
        });
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<StreamedResponse>() is not null)
        {
            await next(ctx);
            return;
        }

        var original = ctx.Response.Body;
        await using var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try
        {
            await next(ctx);
        }
        finally
        {
            ctx.Response.Body = original;
        }

        if (ctx.Response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0)
        {
            var etag = new EntityTagHeaderValue($"\"{WebEncoders.Base64UrlEncode(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..18])}\"");
            ctx.Response.Headers.ETag = etag.ToString();
            if (NotModified(ctx.Request, ctx.Response, etag))
            {
                ctx.Response.StatusCode = StatusCodes.Status304NotModified;
                ctx.Response.ContentLength = null;
                ctx.Response.Headers.ContentType = default;
                return;
            }
        }
        if (buffer.Length == 0) { return; }
        ctx.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ctx.RequestAborted);
    }

    static bool NotModified(HttpRequest request, HttpResponse response, EntityTagHeaderValue etag)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
        }
        var ifModifiedSince = request.GetTypedHeaders().IfModifiedSince;
        var lastModified = response.GetTypedHeaders().LastModified;
        return ifModifiedSince is not null && lastModified is not null && lastModified <= ifModifiedSince;
    }

    void SetCacheHeaders(HttpContext ctx)
    {
        var headers = ctx.Response.Headers;
        headers.Append(HeaderNames.Vary, HeaderNames.Authorization);
        if (!string.IsNullOrEmpty(headers.CacheControl)) { return; }
        var status = ctx.Response.StatusCode;
        if (ctx.HasApiKey() || (status != StatusCodes.Status200OK && status != StatusCodes.Status304NotModified && status != StatusCodes.Status206PartialContent))
        {
            headers.CacheControl = ctx.HasApiKey() ? "private, no-store" : "no-store";
            return;
        }
        var cache = options.Value.Cache;
        headers.CacheControl = $"public, max-age={cache.MaxAgeSeconds}, stale-while-revalidate={cache.StaleWhileRevalidateSeconds}";
    }
}
