using System.Globalization;
using System.Security.Claims;

namespace Cms.Api.Infrastructure.Auth;

/// <summary>Roles from least to most: each can do what the ones before it can.</summary>
public enum KeyRole
{
    Contributor = 1,
    Author = 2,
    Editor = 3,
    Admin = 4,
}

/// <summary>Who is calling: the API key, its role, the author it acts as, the stations it is limited to (null: all),
/// whether it may only read, and when it expires (null: never). Built from the claims the authentication handler issues.</summary>
public sealed record Caller(long KeyId, string KeyName, KeyRole Role, long? AuthorId, bool ReadOnly, IReadOnlySet<long>? Stations)
{
    public DateTimeOffset? ExpiresAt { get; init; }

    public const string AuthorClaim = "cms:author";
    public const string StationClaim = "cms:station";
    public const string ReadOnlyClaim = "cms:read-only";
    public const string ExpiresClaim = "cms:expires";

    public bool AtLeast(KeyRole role) => Role >= role;

    public bool MayUseStation(long stationId) => Stations is null || Stations.Contains(stationId);

    public static KeyRole ParseRole(string role) => Enum.Parse<KeyRole>(role, ignoreCase: true);

    public static string RoleName(KeyRole role) => role.ToString().ToLowerInvariant();

    public static readonly IReadOnlyList<string> RoleNames = Enum.GetValues<KeyRole>().Select(RoleName).ToList();

    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) { return null; }
        var stations = user.FindAll(StationClaim).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture)).ToHashSet();
        return new Caller(
            long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture),
            user.FindFirstValue(ClaimTypes.Name) ?? "",
            ParseRole(user.FindFirstValue(ClaimTypes.Role)!),
            user.FindFirstValue(AuthorClaim) is { } author ? long.Parse(author, CultureInfo.InvariantCulture) : null,
            user.HasClaim(ReadOnlyClaim, "true"),
            stations.Count == 0 ? null : stations)
        {
            ExpiresAt = user.FindFirstValue(ExpiresClaim) is { } expires ? new DateTimeOffset(Timestamps.Parse(expires)) : null,
        };
    }
}

public static class CallerExtensions
{
    static readonly object Key = new();

    /// <summary>The caller of this request, or null for the public.</summary>
    public static Caller? Caller(this HttpContext ctx)
    {
        if (ctx.Items.TryGetValue(Key, out var known)) { return (Caller?)known; }
        var caller = Auth.Caller.From(ctx.User);
        ctx.Items[Key] = caller;
        return caller;
    }
}
