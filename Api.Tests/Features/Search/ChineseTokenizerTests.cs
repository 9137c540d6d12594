using Cms.Api.Features.Search;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Features.Search;

public sealed class ChineseTokenizerTests
{
    [Test]
    public void Chinese_runs_are_indexed_as_overlapping_pairs_and_their_last_character()
    {
        Assert.That(ChineseTokenizer.ToIndexText("长岭县"), Is.EqualTo("长岭 岭县 县"));
        Assert.That(ChineseTokenizer.ToIndexText("团"), Is.EqualTo("团"));
    }

    [Test]
    public void Latin_words_and_numbers_stay_whole_and_lowercase_and_full_width_forms_are_folded()
    {
        Assert.That(ChineseTokenizer.ToIndexText("COVID-19 Ｗｅｉｂｏ ２０２２年"), Is.EqualTo("covid 19 weibo 2022 年"));
    }

    [Test]
    public void Queries_become_quoted_phrases_of_pairs()
    {
        Assert.That(ChineseTokenizer.ToMatchExpression("长岭县"), Is.EqualTo("\"长岭 岭县\""));
        Assert.That(ChineseTokenizer.ToMatchExpression("团委 长岭"), Is.EqualTo("\"团委\" AND \"长岭\""));
        Assert.That(ChineseTokenizer.ToMatchExpression("长"), Is.EqualTo("\"长\"*"));
    }

    [TestCase("\"")]
    [TestCase("*")]
    [TestCase("( )")]
    [TestCase("   ")]
    [TestCase("。,!?")]
    public void A_query_without_letters_or_digits_searches_nothing(string query)
    {
        Assert.That(ChineseTokenizer.ToMatchExpression(query), Is.Null);
    }

    [TestCase("\"团委\"")]
    [TestCase("团委*")]
    [TestCase("(团委")]
    [TestCase("团委)")]
    [TestCase("^团委 -")]
    public void FTS_syntax_characters_in_a_query_are_read_as_text(string query)
    {
        using var c = Index(Corpus);

        var found = c.Query<long>("SELECT rowid - 1 FROM t WHERE t MATCH @q", new { q = ChineseTokenizer.ToMatchExpression(query) });

        Assert.That(found, Is.EqualTo(new[] { 1L }));
    }

    [TestCase("NEAR(团委")]
    [TestCase("团委 OR 县长")]
    [TestCase("a\"b")]
    public void FTS_operators_in_a_query_are_words_not_operators(string query)
    {
        using var c = Index(Corpus);

        var found = c.Query<long>("SELECT rowid - 1 FROM t WHERE t MATCH @q", new { q = ChineseTokenizer.ToMatchExpression(query) });

        Assert.That(found, Is.Empty, "NEAR, OR and quotes would have matched something if read as syntax");
    }

    static readonly string[] Corpus =
    [
        "共青团长岭县委全面发力 多链条打造团干部队伍建设",
        "全县25个乡镇街道已全部配备25名团委书记",
        "2022年此项工作获共青团中央表扬",
        "新年2022联欢",
        "县长走访",
        "COVID-19 prevention in Changling",
    ];

    [TestCase("团", new[] { 0, 1, 2 }, TestName = "A_one_character_query_finds_it_at_the_start_middle_and_end_of_words")]
    [TestCase("长", new[] { 0, 4 }, TestName = "A_one_character_query_finds_it_as_the_last_character_of_a_run")]
    [TestCase("长岭", new[] { 0 }, TestName = "A_two_character_word_is_found")]
    [TestCase("团委", new[] { 1 }, TestName = "A_two_character_word_is_found_only_where_it_stands")]
    [TestCase("长岭县", new[] { 0 }, TestName = "A_three_character_word_is_found")]
    [TestCase("团干部队伍建设", new[] { 0 }, TestName = "A_long_phrase_is_found")]
    [TestCase("岭县", new[] { 0 }, TestName = "A_word_inside_a_longer_run_is_found")]
    [TestCase("2022年", new[] { 2 }, TestName = "Mixed_digits_and_Chinese_are_found_together")]
    [TestCase("新年2022", new[] { 3 }, TestName = "Chinese_followed_by_digits_is_found")]
    [TestCase("changling", new[] { 5 }, TestName = "Latin_words_are_found_in_any_case")]
    [TestCase("COVID 19", new[] { 5 }, TestName = "Latin_words_and_numbers_combine")]
    [TestCase("县委 书记", new int[0], TestName = "All_words_of_a_query_must_match")]
    [TestCase("乡镇 团委", new[] { 1 }, TestName = "Words_anywhere_in_the_text_match_together")]
    public void Searching_finds_what_a_reader_expects(string query, int[] expected)
    {
        using var c = Index(Corpus);

        var found = c.Query<long>("SELECT rowid - 1 FROM t WHERE t MATCH @q ORDER BY rowid", new { q = ChineseTokenizer.ToMatchExpression(query) });

        Assert.That(found, Is.EqualTo(expected.Select(i => (long)i)));
    }

    static SqliteConnection Index(string[] texts)
    {
        var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        c.Execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
        for (var i = 0; i < texts.Length; i++)
        {
            c.Execute("INSERT INTO t (rowid, body) VALUES (@id, @body)", new { id = i + 1, body = ChineseTokenizer.ToIndexText(texts[i]) });
        }
        return c;
    }
}
