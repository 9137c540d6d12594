using System.Net;
using System.Text.RegularExpressions;

namespace Cms.Api.Features.Search;

/// <summary>The text a reader sees of a sanitized body: tags dropped (block ends become spaces), entities decoded.</summary>
public static partial class HtmlText
{
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html)) { return string.Empty; }
        var spaced = BlockEnd().Replace(html, " ");
        var text = WebUtility.HtmlDecode(Tag().Replace(spaced, string.Empty));
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"</(p|h[1-6]|li|td|th|tr|figcaption|blockquote|div|pre)>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
