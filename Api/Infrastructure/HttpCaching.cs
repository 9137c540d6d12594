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
/// Last-Modified the endpoint set). Anonymous reads may be cached by anyone for a short time, and by the API itself
/// (<see cref="ResponseCache"/>); reads with a key are private and never stored, since they can include drafts.</summary>
public sealed class HttpCaching(RequestDelegate next, IOptions<CmsOptions> options, ResponseCache cache, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (!HttpMethods.IsGet(ctx.Request.Method))
        {
            await next(ctx);
            if (ctx.Response.StatusCode < 400) { cache.ContentChanged(); }
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

        var cacheable = cache.Enabled && !ctx.HasApiKey();
        var key = cacheable ? $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}{ctx.Request.Path}{ctx.Request.QueryString}" : null;
        if (key is not null && cache.TryGet(key, out var hit))
        {
            await ReplayAsync(ctx, hit!);
            return;
        }

        var (filled, ticket) = key is null ? (null, null) : await cache.JoinFillAsync(key, ctx.RequestAborted);
        if (filled is not null)
        {
            await ReplayAsync(ctx, filled);
            return;
        }
        using (ticket)
        {
            await RespondAsync(ctx, key);
        }
    }

    async Task RespondAsync(HttpContext ctx, string? key)
    {
        var cacheVersion = cache.Version;
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

        var coded = ContentCoding.IsCoded(ctx.Response);
        if (ctx.Response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0 && !coded)
        {
            var hash = WebEncoders.Base64UrlEncode(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..18]);
            // A versioned resource's tag leads with its version, which If-Match compares; the hash tells representations apart.
            var etag = ctx.ResourceVersion() is { } version ? $"\"v{version}-{hash}\"" : $"\"{hash}\"";
            var storable = key is not null && string.IsNullOrEmpty(ctx.Response.Headers.CacheControl);
            var response = new CachedResponse(buffer.ToArray(), ctx.Response.ContentType, etag,
                ctx.Response.Headers.LastModified.ToString() is { Length: > 0 } lm ? lm : null, storable ? publicPolicy : null, cacheVersion);
            if (storable) { response = await cache.StoreAsync(key!, response, ctx.RequestAborted); }
            await ReplayAsync(ctx, response);
            return;
        }
        // Bytes that already carry a coding (files stored compressed) go on as they are, with their own validators.
        if (coded) { AddVary(ctx.Response.Headers, HeaderNames.AcceptEncoding); }
        if (buffer.Length == 0) { return; }
        ctx.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ctx.RequestAborted);
    }

    /// <summary>Answers from a whole response: 304 when the client holds it already, else its body in the coding the client
    /// prefers. Buffered responses vary by Accept-Encoding, compressed or not (a larger body may be compressed tomorrow).</summary>
    async Task ReplayAsync(HttpContext ctx, CachedResponse response)
    {
        var headers = ctx.Response.Headers;
        AddVary(headers, HeaderNames.AcceptEncoding);
        if (response.CacheControl is not null) { headers.CacheControl = response.CacheControl; }
        // The endpoint's own header, if any, is replaced: a date still within its second is not sent.
        headers.Remove(HeaderNames.LastModified);
        if (LastModifiedDates.Settled(response.LastModified, clock.GetUtcNow()) is { } lastModified) { headers.LastModified = lastModified; }
        var coding = response.Compressible ? ContentCoding.Choose(ctx.Request) : null;
        headers.ETag = ContentCoding.Tag(response.ETag, coding);
        if (NotModified(ctx.Request, ctx.Response, response))
        {
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            ctx.Response.Headers.ContentType = default;
            return;
        }
        var body = coding is null ? response.Body : response.Encoded(coding);
        if (coding is not null) { headers.ContentEncoding = coding; }
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = response.ContentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    /// <summary>If-None-Match names the representations a client (or a cache in front of several) holds. Any coding of
    /// this response counts: the 304 then carries the tag that matched, so the cache knows which copy is still good.</summary>
    static bool NotModified(HttpRequest request, HttpResponse response, CachedResponse current)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            if (ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any))) { return true; }
            foreach (var coding in (string?[])[null, ContentCoding.Brotli, ContentCoding.Gzip])
            {
                var tag = new EntityTagHeaderValue(ContentCoding.Tag(current.ETag, coding));
                if (!ifNoneMatch.Any(candidate => candidate.Compare(tag, useStrongComparison: false))) { continue; }
                response.Headers.ETag = tag.ToString();
                return true;
            }
            return false;
        }
        var ifModifiedSince = request.GetTypedHeaders().IfModifiedSince;
        var lastModified = response.GetTypedHeaders().LastModified;
        return ifModifiedSince is not null && lastModified is not null && lastModified <= ifModifiedSince;
    }

    static void AddVary(IHeaderDictionary headers, string header)
    {
        var named = headers.Vary.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries));
        if (!named.Contains(header, StringComparer.OrdinalIgnoreCase)) { headers.Append(HeaderNames.Vary, header); }
    }

    readonly string publicPolicy =
        $"public, max-age={options.Value.Cache.MaxAgeSeconds}, stale-while-revalidate={options.Value.Cache.StaleWhileRevalidateSeconds}";

    void SetCacheHeaders(HttpContext ctx)
    {
        var headers = ctx.Response.Headers;
        AddVary(headers, HeaderNames.Authorization);
        if (!string.IsNullOrEmpty(headers.CacheControl)) { return; }
        var status = ctx.Response.StatusCode;
        var success = status is StatusCodes.Status200OK or StatusCodes.Status304NotModified or StatusCodes.Status206PartialContent;
        headers.CacheControl = ctx.HasApiKey() ? "private, no-store" : success ? publicPolicy : "no-store";
    }
}
