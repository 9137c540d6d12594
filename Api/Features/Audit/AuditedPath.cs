using System.Text;

namespace Cms.Api.Features.Audit;

/// <summary>What the audit keeps of a request's URL: the path and the query string, each cut to a bounded length, with
/// the value of every credential-looking parameter (access_token, api_key, password, secret, …) replaced.</summary>
public static class AuditedPath
{
    /// <summary>Longest path kept; a longer one is cut and ends in <see cref="Cut"/>.</summary>
    public const int MaxPathLength = 512;

    /// <summary>Longest query string kept (with its "?"); a longer one is cut and ends in <see cref="Cut"/>.</summary>
    public const int MaxQueryLength = 512;

    public const string Cut = "…";

    public const string Redacted = "[redacted]";

    static readonly string[] CredentialNames =
        ["key", "apikey", "api_key", "api-key", "access_token", "token", "auth", "authorization", "password", "passwd", "pwd", "secret", "signature", "sig"];

    static readonly string[] CredentialParts = ["token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "credential", "session"];

    public static string Of(PathString path, QueryString query) =>
        Bound(path.ToString(), MaxPathLength) + Bound(Redact(query.ToString()), MaxQueryLength);

    /// <summary>The query string with the value of each credential-looking parameter replaced; the rest as sent.</summary>
    public static string Redact(string query)
    {
        if (query.Length <= 1) { return query; }
        var sb = new StringBuilder(query.Length);
        sb.Append('?');
        var first = true;
        foreach (var pair in query[1..].Split('&'))
        {
            if (!first) { sb.Append('&'); }
            first = false;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            sb.Append(IsCredential(Uri.UnescapeDataString(name.Replace('+', ' '))) ? $"{name}={Redacted}" : pair);
        }
        return sb.ToString();
    }

    public static bool IsCredential(string name)
    {
        var n = name.Trim();
        return CredentialNames.Contains(n, StringComparer.OrdinalIgnoreCase)
            || CredentialParts.Any(p => n.Contains(p, StringComparison.OrdinalIgnoreCase))
            || n.EndsWith("_key", StringComparison.OrdinalIgnoreCase) || n.EndsWith("-key", StringComparison.OrdinalIgnoreCase);
    }

    static string Bound(string value, int max)
    {
        if (value.Length <= max) { return value; }
        var keep = max - Cut.Length;
        if (char.IsHighSurrogate(value[keep - 1])) { keep--; }
        return value[..keep] + Cut;
    }
}
