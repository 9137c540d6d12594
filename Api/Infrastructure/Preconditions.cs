using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using FastEndpoints;
using Microsoft.Data.Sqlite;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure;

/// <summary>What an If-Match header allows: any current version ("*"), or one of the versions named by the ETags sent.</summary>
public sealed record IfMatch(bool Any, IReadOnlyList<long> Versions)
{
    public static readonly IfMatch Anything = new(true, []);

    public bool Allows(long version) => Any || Versions.Contains(version);

    /// <summary>The parameters of a conditional UPDATE: <c>WHERE id = @id AND (@anyVersion OR version IN @versions)</c>.</summary>
    public object SqlParameters(long id) => new { id, anyVersion = Any, versions = Versions.DefaultIfEmpty(-1) };
}

/// <summary>Conditional writes (RFC 9110): a change must say which version it was made to, so that two editors never
/// silently overwrite each other. Resource ETags are "v{version}-{hash}": If-Match compares the version.</summary>
public static partial class Preconditions
{
    /// <summary>Reads If-Match; without one, answers 428 and returns null.</summary>
    public static async Task<IfMatch?> RequireIfMatchAsync(this IEndpoint ep, string resource, CancellationToken ct)
    {
        var header = ep.HttpContext.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            await ep.SendProblemAsync(ProblemTypes.PreconditionRequired,
                $"Changing {Grammar.WithArticle(resource)} needs If-Match: send the ETag from your GET of it (or * to overwrite whatever is there).", ct);
            return null;
        }
        return ep.ParseIfMatch();
    }

    /// <summary>Reads an If-Match header that was sent; one that is not "*" or a list of quoted ETags is refused (400),
    /// since it cannot name any version: it is not a version that changed meanwhile.</summary>
    public static IfMatch ParseIfMatch(this IEndpoint ep)
    {
        var header = ep.HttpContext.Request.Headers.IfMatch.ToString();
        if (header.Trim() == "*") { return IfMatch.Anything; }
        if (!EntityTagHeaderValue.TryParseStrictList([header], out var tags) || tags.Count == 0)
        {
            throw new ApiProblemException(ProblemTypes.MalformedRequest,
                $"If-Match must be * or ETags exactly as the API sent them, in double quotes (If-Match: \"v3-…\"); '{Problems.Quote(header)}' is not. Nothing was changed.");
        }
        var versions = tags.Where(t => !t.IsWeak).Select(t => VersionTag().Match(t.Tag.ToString())).Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        // If-Match compares strongly (RFC 9110 13.1.1): a weak tag, e.g. from a compressing proxy, matches nothing.
        // An ETag this API never issued matches no version: the precondition fails (412), it is not an error in the request.
        return new IfMatch(false, versions);
    }

    /// <summary>Gives the response the version's ETag: a write's answer carries it; a GET's is completed with a hash of the body.</summary>
    public static void SetVersion(this IEndpoint ep, long version)
    {
        ep.HttpContext.Items[VersionKey] = version;
        if (!HttpMethods.IsGet(ep.HttpContext.Request.Method)) { ep.HttpContext.Response.Headers.ETag = $"\"v{version}\""; }
    }

    public static long? ResourceVersion(this HttpContext ctx) => ctx.Items.TryGetValue(VersionKey, out var v) ? (long?)v : null;

    /// <returns>False when no row has this id; throws 412 when it exists at a version If-Match does not allow.</returns>
    /// <param name="selectVersion">SQL giving the row's version by @id.</param>
    public static async Task<bool> EnsureVersionAsync(this SqliteConnection c, SqliteTransaction tx, string selectVersion, string resource,
        long id, IfMatch ifMatch, CancellationToken ct)
    {
        var version = await c.ExecuteScalarAsync<long?>(new CommandDefinition(selectVersion, new { id }, tx, cancellationToken: ct));
        if (version is null) { return false; }
        return ifMatch.Allows(version.Value) ? true : throw Stale(resource, id, version.Value);
    }

    public static ApiProblemException Stale(string resource, long id, long current) => new(ProblemTypes.VersionMismatch,
        $"This {resource} ({id}) has changed since you read it; it is now at version {current}. GET it again, apply your change to " +
        "what it is now, and send the new ETag in If-Match.");

    static readonly object VersionKey = new();

    [GeneratedRegex(@"^""v(\d{1,18})(?:-[^""]*)?""$")]
    private static partial Regex VersionTag();
}
