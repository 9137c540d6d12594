using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure.Protection;

/// <summary>The rate limiter and when each of its windows began: what a client needs to pace itself before it meets a 429.</summary>
public sealed class RateLimitWindows
{
    readonly ConcurrentDictionary<string, long> began = new();

    /// <summary>The limiter in use; null when rate limits are off.</summary>
    public PartitionedRateLimiter<HttpContext>? Limiter { get; set; }

    /// <summary>A partition's windows follow each other from its creation on.</summary>
    internal void Began(string partition) => began[partition] = Stopwatch.GetTimestamp();

    /// <summary>Whole seconds until the partition's current window ends (1 to 60).</summary>
    internal int SecondsToReset(string partition)
    {
        if (!began.TryGetValue(partition, out var start)) { return (int)RateLimits.Window.TotalSeconds; }
        var elapsed = Stopwatch.GetElapsedTime(start).Ticks % RateLimits.Window.Ticks;
        return Math.Max(1, (int)Math.Ceiling(TimeSpan.FromTicks(RateLimits.Window.Ticks - elapsed).TotalSeconds));
    }
}

/// <summary>Tells every limited answer how many requests its window allows, how many are left and when the window
/// ends: <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> (seconds), as the IETF draft on
/// RateLimit header fields names them. Set when the answer starts, so error answers carry them too.</summary>
public sealed class RateLimitHeaders(RequestDelegate next, RateLimitWindows windows, IOptions<CmsRateLimitOptions> options)
{
    public const string Limit = "RateLimit-Limit", Remaining = "RateLimit-Remaining", Reset = "RateLimit-Reset";

    public Task InvokeAsync(HttpContext ctx)
    {
        if (windows.Limiter is { } limiter && RateLimits.QuotaOf(ctx, options.Value) is { } quota)
        {
            ctx.Response.OnStarting(() =>
            {
                var left = limiter.GetStatistics(ctx)?.CurrentAvailablePermits ?? 0;
                Write(ctx.Response.Headers, quota.Limit, left, windows.SecondsToReset(quota.Partition));
                return Task.CompletedTask;
            });
        }
        return next(ctx);
    }

    internal static void Write(IHeaderDictionary headers, int limit, long remaining, int resetSeconds)
    {
        headers[Limit] = limit.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = Math.Max(0, remaining).ToString(CultureInfo.InvariantCulture);
        headers[Reset] = resetSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
