namespace Cms.Api.Infrastructure;

/// <summary>A Last-Modified names a whole second, so it can tell versions apart only once that second is over: two
/// changes within one second share it, and an If-Modified-Since client would get a 304 for the second change with the
/// first one's body (RFC 9110 8.8.2.2 calls such a date weak). Until the second is over only the ETag validates, and
/// the date is not sent.</summary>
public static class LastModifiedDates
{
    public static bool IsSettled(DateTimeOffset lastModified, DateTimeOffset now) =>
        now >= lastModified.AddTicks(-(lastModified.UtcTicks % TimeSpan.TicksPerSecond)).AddSeconds(1);

    /// <summary>The header value when it is settled, else null.</summary>
    public static string? Settled(string? header, DateTimeOffset now) =>
        header is not null && Microsoft.Net.Http.Headers.HeaderUtilities.TryParseDate(header, out var at) && IsSettled(at, now) ? header : null;
}
