namespace Cms.Api.Infrastructure;

/// <summary>English that messages build from resource names.</summary>
public static class Grammar
{
    static readonly string[] SoundsLikeConsonant = ["uni", "use", "usu", "eu", "one"];

    /// <summary>The noun with its indefinite article: "an article", "an API key", "a station", "a user".</summary>
    public static string WithArticle(string noun) =>
        (noun.Length > 0 && "aeiouAEIOU".Contains(noun[0], StringComparison.Ordinal)
         && !SoundsLikeConsonant.Any(p => noun.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ? "an " : "a ") + noun;
}
