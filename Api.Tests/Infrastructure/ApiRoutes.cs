using System.Globalization;
using System.Text.RegularExpressions;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>URLs from the API's own route constants (<c>GetArticleRequest.Route</c>), so a test names the endpoint it
/// calls and follows it when the route changes.</summary>
public static partial class ApiRoutes
{
    public const string Prefix = "/api/v1";

    /// <summary>The route under the API's prefix with its parameters filled in order:
    /// <c>For(GetRevisionEndpoint.Route, 3808167, 2)</c> is <c>/api/v1/articles/3808167/revisions/2</c>.</summary>
    public static string For(string route, params object[] values)
    {
        var parameters = Parameter().Matches(route);
        if (parameters.Count != values.Length)
        {
            throw new ArgumentException($"{route} takes {parameters.Count} values, not {values.Length}.", nameof(values));
        }
        var next = 0;
        var path = Parameter().Replace(route, _ => Uri.EscapeDataString(Convert.ToString(values[next++], CultureInfo.InvariantCulture)!));
        return Prefix + path;
    }

    /// <summary>The route as the contract writes it: <c>/api/v1/articles/{id}</c>.</summary>
    public static string Template(string route) => Prefix + Parameter().Replace(route, m => $"{{{m.Groups["name"].Value}}}");

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
