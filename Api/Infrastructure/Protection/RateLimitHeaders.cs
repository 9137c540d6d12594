using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure.Protection;

/// <summary>The rate limiter and when each of its windows began: what a client needs to pace itself before it meets a
/// 429. One entry per partition (a key or a client address); entries of partitions not seen for two windows are
/// dropped, so a stream of new addresses cannot grow it without bound.</summary>
public sealed class RateLimitWindows(TimeProvider clock)
{
    sealed class Window(long began)
    {
        public long Began { get; } = began;

        public long LastSeen = began;
    }

    const int PruneEvery = 256;

    readonly ConcurrentDictionary<string, Window> windows = new();
    int sinceLastPrune;

    /// <summary>The limiter in use; null when rate limits are off.</summary>
    public PartitionedRateLimiter<HttpContext>? Limiter { get; set; }

    /// <summary>Partitions tracked now.</summary>
    public int Count => windows.Count;

    /// <summary>A partition's windows follow each other from its creation on.</summary>
    public void Began(string partition)
    {
        var now = clock.GetUtcNow().UtcTicks;
        windows[partition] = new Window(now);
        if (Interlocked.Increment(ref sinceLastPrune) % PruneEvery == 0) { Prune(now); }
    }

    /// <summary>Whole seconds until the partition's current window ends (1 to 60); 60 for a partition not tracked.</summary>
    public int SecondsToReset(string partition)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (!windows.TryGetValue(partition, out var window)) { return (int)RateLimits.Window.TotalSeconds; }
        Volatile.Write(ref window.LastSeen, now);
        var elapsed = (now - window.Began) % RateLimits.Window.Ticks;
        return Math.Max(1, (int)Math.Ceiling(TimeSpan.FromTicks(RateLimits.Window.Ticks - elapsed).TotalSeconds));
    }

    void Prune(long now)
    {
        foreach (var (partition, window) in windows)
        {
            if (now - Volatile.Read(ref window.LastSeen) > 2 * RateLimits.Window.Ticks) { windows.TryRemove(partition, out _); }
        }
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
