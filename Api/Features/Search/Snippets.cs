using System.Globalization;
using System.Net;
using System.Text;

namespace Cms.Api.Features.Search;

/// <summary>Builds the highlighted passage of a search hit from the original text (the index holds character pairs,
/// so FTS5's own snippet() would show those): HTML-escaped text with each match wrapped in &lt;mark&gt;.</summary>
/// <remarks>Reads at most the first <see cref="ScanLength"/> characters of a text once per query word, however long
/// the body and however many matches the passage holds: each word is looked for only up to the earliest match found
/// so far, and highlighting looks only within the passage.</remarks>
public static class Snippets
{
    const int Width = 80;

    /// <summary>How much of a text is searched for the passage: the words of a long body (an import of a whole report)
    /// are looked for in its first 65,536 characters only, about 190 KB of Chinese text, which is more than the text
    /// of nearly any article. A body whose first match lies further shows the match in its summary or title, or its
    /// start. The search itself (FTS5) still finds the article by any word of the whole body.</summary>
    internal const int ScanLength = 64 * 1024;

    /// <summary>How far past a bound a match may run (a match is longer than its word when the text holds ignorable or
    /// combining characters): a search stops this far past the earliest match so far, and past the passage's end.</summary>
    const int Reach = Width;

    static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
    const CompareOptions Options = CompareOptions.IgnoreCase | CompareOptions.IgnoreWidth | CompareOptions.IgnoreKanaType;

    /// <summary>Finds a word in a stretch of text: the index of its first match and the match's length, or -1.</summary>
    internal delegate int Finder(ReadOnlySpan<char> text, string term, out int length);

    /// <summary>The passage of the first field (body, summary, title) where a query word appears; the start of the body when
    /// the match was in a byline name or tag.</summary>
    /// <param name="terms">The query's words, from <see cref="ChineseTokenizer.Terms"/> (once per page, not per hit).</param>
    public static string Build(IReadOnlyList<string> terms, string title, string? summary, string bodyText) =>
        Build(terms, title, summary, bodyText, IndexOf);

    internal static string Build(IReadOnlyList<string> terms, string title, string? summary, string bodyText, Finder find)
    {
        foreach (var text in new[] { bodyText, summary ?? string.Empty, title })
        {
            var first = FirstMatch(text, terms, 0, Math.Min(text.Length, ScanLength), find);
            if (first is null) { continue; }
            var start = Math.Max(0, first.Value.Index - (Width / 4));
            return Highlight(text, Safe(text, start), Safe(text, Math.Min(text.Length, start + Width)), terms, find);
        }
        var lead = bodyText.Length > 0 ? bodyText : summary ?? title;
        return Highlight(lead, 0, Safe(lead, Math.Min(lead.Length, Width)), [], find);
    }

    internal static int IndexOf(ReadOnlySpan<char> text, string term, out int length) => Compare.IndexOf(text, term, Options, out length);

    static string Highlight(string text, int start, int end, IReadOnlyList<string> terms, Finder find)
    {
        var output = new StringBuilder();
        if (start > 0) { output.Append('…'); }
        var position = start;
        var reach = Math.Min(text.Length, end + Reach);
        while (position < end && FirstMatch(text, terms, position, reach, find) is { } match && match.Index < end)
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

    /// <summary>The earliest match of any term in text[from..to]. Once one term has matched, the others are looked for
    /// only up to that match (plus <see cref="Reach"/>), never to the end of a long text.</summary>
    static (int Index, int Length)? FirstMatch(string text, IReadOnlyList<string> terms, int from, int to, Finder find)
    {
        (int Index, int Length)? best = null;
        foreach (var term in terms)
        {
            var stop = best is { } b ? Math.Min(to, b.Index + term.Length + Reach) : to;
            var index = find(text.AsSpan(from, stop - from), term, out var length);
            if (index >= 0 && (best is null || from + index < best.Value.Index)) { best = (from + index, length); }
        }
        return best;
    }

    /// <summary>Never cuts a surrogate pair in two.</summary>
    static int Safe(string text, int index) => index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
}
