using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Cms.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Cms.Api.Infrastructure.Protection;

public sealed class CmsRateLimitOptions
{
    public const string Section = "Cms:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a minute from one client address without a key. Behind a CDN most anonymous reads never reach
    /// the API, and a newsroom or a school can share one address, so this is generous.</summary>
    public int AnonymousPerMinute { get; set; } = 1200;

    /// <summary>Requests a minute with one API key, whatever address they come from.</summary>
    public int KeyPerMinute { get; set; } = 600;
}

/// <summary>Fixed one-minute windows, one per API key and one per client address for requests without a working key
/// (a request with a key that does not work counts against its address, so guessing keys is throttled too).</summary>
public static class RateLimits
{
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Probes must be answered even when a client floods the API.</summary>
    public static bool IsExempt(PathString path) => path.StartsWithSegments("/health");

    internal static void Configure(RateLimiterOptions limiter, CmsRateLimitOptions limits, RateLimitWindows windows)
    {
        limiter.RejectionStatusCode = ProblemTypes.RateLimited.Status;
        limiter.OnRejected = (context, ct) => OnRejectedAsync(context, limits, ct);
        if (!limits.Enabled) { return; }
        limiter.GlobalLimiter = windows.Limiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => PartitionOf(ctx, limits, windows));
    }

    /// <summary>The window a request counts against and how many requests it allows, or null when it is not limited.</summary>
    internal static (string Partition, int Limit)? QuotaOf(HttpContext ctx, CmsRateLimitOptions limits) =>
        !limits.Enabled || IsExempt(ctx.Request.Path) ? null
        : ctx.HasApiKey() && ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId ? ("key " + keyId, limits.KeyPerMinute)
        : ("address " + AddressOf(ctx), limits.AnonymousPerMinute);

    static RateLimitPartition<string> PartitionOf(HttpContext ctx, CmsRateLimitOptions limits, RateLimitWindows windows) =>
        QuotaOf(ctx, limits) is { } quota
            ? RateLimitPartition.GetFixedWindowLimiter(quota.Partition, partition =>
            {
                windows.Began(partition);
                return new FixedWindowRateLimiterOptions { PermitLimit = quota.Limit, Window = Window, QueueLimit = 0 };
            })
            : RateLimitPartition.GetNoLimiter(string.Empty);

    /// <summary>An IPv6 client usually holds a whole /64, so one limit covers the /64. Without an address (a test
    /// server, some proxies) every such request shares one partition rather than going unlimited.</summary>
    static string AddressOf(HttpContext ctx)
    {
        var address = ctx.Connection.RemoteIpAddress;
        if (address is null) { return "unknown"; }
        if (address.IsIPv4MappedToIPv6) { address = address.MapToIPv4(); }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) { return address.ToString(); }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    static async ValueTask OnRejectedAsync(OnRejectedContext context, CmsRateLimitOptions limits, CancellationToken ct)
    {
        var ctx = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        ctx.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (QuotaOf(ctx, limits) is { } quota) { RateLimitHeaders.Write(ctx.Response.Headers, quota.Limit, 0, seconds); }
        ctx.Response.Headers.CacheControl = "no-store";
        var who = ctx.HasApiKey() ? "This API key" : "Your address";
        await Problems.WriteAsync(ctx, ProblemTypes.RateLimited,
            $"{who} has sent more requests than this API allows in a minute; retry after {seconds} seconds (Retry-After).", null, ct);
    }
}
