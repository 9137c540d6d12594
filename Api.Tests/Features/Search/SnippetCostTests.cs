using Cms.Api.Features.Search;

namespace Cms.Api.Tests.Features.Search;

/// <summary>What a snippet costs: the characters handed to the word search, counted through the finder, never a clock.</summary>
public sealed class SnippetCostTests
{
    static readonly string[] Words = [.. Enumerable.Range(1, 16).Select(i => $"kw{i:00}")];

    /// <summary>The first word fills the passage with matches; the other fifteen stand only after a long body.</summary>
    static readonly string LongBody =
        string.Join(' ', Enumerable.Repeat(Words[0], 15)) + " " + string.Concat(Enumerable.Repeat("松原市前郭县查干湖冬捕季开始。", 20_000)) +
        string.Join(' ', Words[1..]);

    [Test]
    public void A_snippet_reads_a_long_body_at_most_once_per_query_word_however_many_matches_its_passage_holds()
    {
        long read = 0;

        var snippet = Snippets.Build(Words, "长稿", null, LongBody, (text, term, out length) =>
        {
            read += text.Length;
            return Snippets.IndexOf(text, term, out length);
        });

        Assert.That(snippet, Does.StartWith("<mark>kw01</mark> <mark>kw01</mark>"));
        Assert.That(read, Is.LessThanOrEqualTo((long)Words.Length * LongBody.Length),
            $"read {read:N0} characters of a {LongBody.Length:N0}-character body for {Words.Length} words");
    }
}
