using System.Collections.Concurrent;
using Cms.Api.Features.Articles;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>A buffered 200 response to a GET: <paramref name="CacheControl"/> is null when the response's own headers
/// decide it (reads with a key).</summary>
public sealed record CachedResponse(byte[] Body, string? ContentType, string ETag, string? LastModified, string? CacheControl, long Version)
{
    byte[]? brotli;
    byte[]? gzip;

    /// <summary>Set when stored; kept with the entry so the API's own clock decides (the one scheduled publishing uses).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Until when, after it expires, the entry may still be served to a reader while another request renews it:
    /// never past a write (the version moves on) nor past the moment a scheduled article goes public.</summary>
    public DateTimeOffset StaleUntil { get; init; }

    /// <summary>Whether a client that accepts compression gets it: not for bodies so small that it saves nothing.</summary>
    public bool Compressible => Body.Length >= ContentCoding.MinimumBytes;

    /// <summary>The body in this coding: compressed once, on first use, and kept with the entry for every later reader.</summary>
    public byte[] Encoded(string coding) => coding == ContentCoding.Brotli
        ? brotli ??= ContentCoding.Compress(Body, coding)
        : gzip ??= ContentCoding.Compress(Body, coding);
}

/// <summary>Anonymous reads kept in memory, so that the many readers of the same pages cost little more than a lookup.
/// An entry is served only while nothing has been written since it was made (every successful write moves the
/// version on), and never past the next moment a scheduled article goes public. When its time to live runs out, the
/// first reader renews it while the others get the expired copy (for at most another time to live) instead of waiting:
/// a heavy search renewed every few seconds then costs one slow request, not a stall of every reader.</summary>
public sealed class ResponseCache(IOptions<CmsOptions> options, ArticleRepository articles, TimeProvider clock) : IDisposable
{
    readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.Cache.ServerMegabytes) * 1024L * 1024L });
    readonly SemaphoreSlim scheduleLock = new(1, 1);
    readonly ConcurrentDictionary<string, TaskCompletionSource> fills = new();
    long version;
    (long Version, DateTimeOffset NextPublish) schedule = (-1, DateTimeOffset.MinValue);

    public bool Enabled => options.Value.Cache.ServerSeconds > 0;

    public long Version => Interlocked.Read(ref version);

    /// <summary>Called after every successful write: what was cached before it may no longer be true.</summary>
    public void ContentChanged() => Interlocked.Increment(ref version);

    public bool TryGet(string key, out CachedResponse? entry) => Lookup(key, stale: false, out entry);

    /// <summary>Lets one request compute a missing entry while the others asking for it wait (up to five seconds) and
    /// then share it, instead of all doing the same work at once. The computing request gets a ticket to dispose of
    /// when done; a waiter gets the entry, or neither when the computed response was not cacheable.</summary>
    public async Task<(CachedResponse? Entry, IDisposable? Ticket)> JoinFillAsync(string key, CancellationToken ct)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = fills.GetOrAdd(key, mine);
        if (current == mine) { return (null, new FillTicket(fills, key, mine)); }
        if (Lookup(key, stale: true, out var expired)) { return (expired, null); }
        await Task.WhenAny(current.Task, Task.Delay(TimeSpan.FromSeconds(5), ct));
        return (TryGet(key, out var entry) ? entry : null, null);
    }

    bool Lookup(string key, bool stale, out CachedResponse? entry) =>
        cache.TryGetValue(key, out entry) && entry is not null && entry.Version == Version
        && clock.GetUtcNow() < (stale ? entry.StaleUntil : entry.ExpiresAt);

    sealed class FillTicket(ConcurrentDictionary<string, TaskCompletionSource> fills, string key, TaskCompletionSource fill) : IDisposable
    {
        public void Dispose()
        {
            fills.TryRemove(new KeyValuePair<string, TaskCompletionSource>(key, fill));
            fill.TrySetResult();
        }
    }

    /// <summary>Keeps the entry while it is true and returns what was kept (the entry itself when nothing was), so the
    /// request that made it compresses the copy later readers share.</summary>
    public async Task<CachedResponse> StoreAsync(string key, CachedResponse entry, CancellationToken ct)
    {
        if (entry.Version != Version) { return entry; }
        var now = clock.GetUtcNow();
        var expires = now.AddSeconds(options.Value.Cache.ServerSeconds);
        var nextPublish = await NextPublishAsync(now, ct);
        if (nextPublish < expires) { expires = nextPublish; }
        if (expires <= now) { return entry; }
        var staleUntil = expires.AddSeconds(options.Value.Cache.ServerSeconds);
        if (nextPublish < staleUntil) { staleUntil = nextPublish; }
        var kept = entry with { ExpiresAt = expires, StaleUntil = staleUntil };
        return cache.Set(key, kept, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = staleUntil - now,
            // Room for the compressed copies, each well under half the body for JSON and XML.
            Size = (entry.Body.Length * 3 / 2) + (key.Length * 2) + 256,
        });
    }

    /// <summary>When the next scheduled article becomes visible; looked up again after a write or once that time has come.</summary>
    async Task<DateTimeOffset> NextPublishAsync(DateTimeOffset now, CancellationToken ct)
    {
        var known = schedule;
        if (known.Version == Version && known.NextPublish > now) { return known.NextPublish; }
        await scheduleLock.WaitAsync(ct);
        try
        {
            var currentVersion = Version;
            var next = await articles.NextPublishTimeAsync(ct) ?? DateTimeOffset.MaxValue;
            schedule = (currentVersion, next);
            return next;
        }
        finally
        {
            scheduleLock.Release();
        }
    }

    public void Dispose()
    {
        cache.Dispose();
        scheduleLock.Dispose();
    }
}
