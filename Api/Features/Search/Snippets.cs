using System.Globalization;
using System.Net;
using System.Text;

namespace Cms.Api.Features.Search;

/// <summary>Builds the highlighted passage of a search hit from the original text (the index holds character pairs,
/// so FTS5's own snippet() would show those): HTML-escaped text with each match wrapped in &lt;mark&gt;.</summary>
public static class Snippets
{
    const int Width = 80;
    static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
    const CompareOptions Options = CompareOptions.IgnoreCase | CompareOptions.IgnoreWidth | CompareOptions.IgnoreKanaType;

    /// <summary>The passage of the first field (body, summary, title) where a query word appears; the start of the body when
    /// the match was in a byline name or tag.</summary>
    /// <param name="terms">The query's words, from <see cref="ChineseTokenizer.Terms"/> (once per page, not per hit).</param>
    public static string Build(IReadOnlyList<string> terms, string title, string? summary, string bodyText)
    {
        foreach (var text in new[] { bodyText, summary ?? string.Empty, title })
        {
            var first = FirstMatch(text, terms, 0);
            if (first is null) { continue; }
            var start = Math.Max(0, first.Value.Index - (Width / 4));
            return Highlight(text, Safe(text, start), Safe(text, Math.Min(text.Length, start + Width)), terms);
        }
        var lead = bodyText.Length > 0 ? bodyText : summary ?? title;
        return Highlight(lead, 0, Safe(lead, Math.Min(lead.Length, Width)), []);
    }

    static string Highlight(string text, int start, int end, IReadOnlyList<string> terms)
    {
        var output = new StringBuilder();
        if (start > 0) { output.Append('…'); }
        var position = start;
        while (position < end && FirstMatch(text, terms, position) is { } match && match.Index < end)
        {
            output.Append(WebUtility.HtmlEncode(text[position..match.Index]));
            var matchEnd = Math.Min(end, match.Index + match.Length);
            output.Append("<mark>").Append(WebUtility.HtmlEncode(text[match.Index..matchEnd])).Append("</mark>");
            position = matchEnd;
        }
        output.Append(WebUtility.HtmlEncode(text[position..end]));
        if (end < text.Length) { output.Append('…'); }
        return output.ToString();
    }

    static (int Index, int Length)? FirstMatch(string text, IReadOnlyList<string> terms, int from)
    {
        (int Index, int Length)? best = null;
        foreach (var term in terms)
        {
            var index = Compare.IndexOf(text.AsSpan(from), term, Options, out var length);
            if (index >= 0 && (best is null || from + index < best.Value.Index)) { best = (from + index, length); }
        }
        return best;
    }

    /// <summary>Never cuts a surrogate pair in two.</summary>
    static int Safe(string text, int index) => index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
}
