using System.Globalization;
using System.Text;

namespace Cms.Api.Features.Search;

/// <summary>Turns text into the tokens the full-text index holds, and a reader's query into an FTS5 expression over them.
/// Chinese has no spaces, so each run of CJK characters becomes its overlapping character pairs (as Lucene's CJK analyzer
/// does), followed by the run's last character alone: "长岭县" → "长岭 岭县 县". A two-or-more character query is then the
/// phrase of its pairs, and a one-character query the prefix "X*", which meets every place X stands: as the first character
/// of a pair, or as the lone last character of a run. Latin words and numbers stay whole, lowercased.</summary>
public static class ChineseTokenizer
{
    /// <summary>The text to store in the index: tokens separated by spaces, which FTS5's unicode61 tokenizer keeps apart.</summary>
    public static string ToIndexText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) { return string.Empty; }
        var output = new StringBuilder(text.Length * 3);
        foreach (var segment in Segments(text))
        {
            foreach (var run in segment)
            {
                if (run.IsCjk)
                {
                    AppendPairs(output, run.Chars);
                    Append(output, run.Chars[^1]);
                }
                else
                {
                    Append(output, run.Text);
                }
            }
        }
        return output.ToString();
    }

    /// <summary>An FTS5 MATCH expression for a reader's query, built only from quoted tokens, so that no character of the
    /// query is ever read as FTS syntax. Null when the query holds nothing searchable.</summary>
    public static string? ToMatchExpression(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) { return null; }
        var phrases = new List<string>();
        foreach (var segment in Segments(query))
        {
            var tokens = new List<string>();
            for (var i = 0; i < segment.Count; i++)
            {
                var run = segment[i];
                var last = i == segment.Count - 1;
                if (!run.IsCjk) { tokens.Add(run.Text); continue; }
                if (run.Chars.Count == 1)
                {
                    if (last)
                    {
                        phrases.Add(Phrase(tokens.Append(run.Chars[0]), prefix: true));
                        tokens.Clear();
                    }
                    else
                    {
                        tokens.Add(run.Chars[0]);
                    }
                    continue;
                }
                for (var c = 0; c + 1 < run.Chars.Count; c++) { tokens.Add(run.Chars[c] + run.Chars[c + 1]); }
                // Inside a segment the index has the run's lone last character before what follows it.
                if (!last) { tokens.Add(run.Chars[^1]); }
            }
            if (tokens.Count > 0) { phrases.Add(Phrase(tokens, prefix: false)); }
        }
        return phrases.Count == 0 ? null : string.Join(" AND ", phrases);
    }

    /// <summary>The words of a query as a reader typed them (normalized), for highlighting matches in the original text.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : Segments(query).Select(s => string.Concat(s.Select(r => r.Text))).Where(t => t.Length > 0).Distinct().ToList();

    static string Phrase(IEnumerable<string> tokens, bool prefix) =>
        "\"" + string.Join(' ', tokens).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (prefix ? "*" : "");

    static void AppendPairs(StringBuilder output, List<string> chars)
    {
        for (var i = 0; i + 1 < chars.Count; i++) { Append(output, chars[i] + chars[i + 1]); }
    }

    static void Append(StringBuilder output, string token)
    {
        if (output.Length > 0) { output.Append(' '); }
        output.Append(token);
    }

    sealed record Run(bool IsCjk, List<string> Chars)
    {
        public string Text => string.Concat(Chars);
    }

    /// <summary>Splits normalized text at everything that is not a letter or digit; each segment is a list of runs,
    /// alternately CJK and other letters/digits. Full-width forms are folded by NFKC first (２０２２ → 2022).</summary>
    static List<List<Run>> Segments(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var segments = new List<List<Run>>();
        List<Run>? segment = null;
        var enumerator = StringInfo.GetTextElementEnumerator(normalized);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            var rune = Rune.GetRuneAt(element, 0);
            if (!Rune.IsLetterOrDigit(rune))
            {
                segment = null;
                continue;
            }
            var cjk = IsCjk(rune);
            if (segment is null)
            {
                segment = [];
                segments.Add(segment);
            }
            if (segment.Count == 0 || segment[^1].IsCjk != cjk) { segment.Add(new Run(cjk, [])); }
            segment[^1].Chars.Add(element);
        }
        return segments;
    }

    static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana
        >= 0x3400 and <= 0x4DBF => true,   // CJK Extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK Unified Ideographs
        >= 0xAC00 and <= 0xD7AF => true,   // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true,   // CJK Compatibility Ideographs
        >= 0x20000 and <= 0x3134F => true, // CJK Extensions B–G
        _ => false,
    };
}
