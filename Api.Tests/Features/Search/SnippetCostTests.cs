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
        var reader = new CountingReader();

        var snippet = Snippets.Build(Words, "长稿", null, LongBody, reader.Find);

        Assert.That(snippet, Does.StartWith("<mark>kw01</mark> <mark>kw01</mark>"));
        Assert.That(reader.Read, Is.LessThanOrEqualTo((long)Words.Length * LongBody.Length),
            $"read {reader.Read:N0} characters of a {LongBody.Length:N0}-character body for {Words.Length} words");
    }

    [Test]
    public void A_long_body_without_the_words_is_searched_only_in_its_first_65536_characters()
    {
        var body = LongBody.Replace("kw", "xy", StringComparison.Ordinal);
        var reader = new CountingReader();

        var snippet = Snippets.Build(Words, "长稿 " + string.Join(' ', Words), null, body, reader.Find);

        Assert.That(snippet, Does.StartWith("长稿 <mark>kw01</mark>"), "the match in the title");
        Assert.That(reader.Read, Is.LessThanOrEqualTo((Words.Length + 1L) * 65_536),
            $"read {reader.Read:N0} characters of a {body.Length:N0}-character body and a short title for {Words.Length} words");
    }

    /// <summary>The real word search, counting the characters handed to it.</summary>
    sealed class CountingReader
    {
        public long Read { get; private set; }

        public int Find(ReadOnlySpan<char> text, string term, out int length)
        {
            Read += text.Length;
            return Snippets.IndexOf(text, term, out length);
        }
    }
}
