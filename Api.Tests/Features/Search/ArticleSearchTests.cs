using System.Net;
using Cms.Api.Features.Authors;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Search;

/// <summary>What a reader finds: Chinese words of any length, mixed text, Latin words, byline names and tags.</summary>
public sealed class ArticleSearchTests : ApiFixture
{
    [TestCase("团", TestName = "A_one_character_word_finds_the_article")]
    [TestCase("长岭", TestName = "A_two_character_place_name_finds_the_article")]
    [TestCase("团委", TestName = "A_two_character_word_finds_the_article")]
    [TestCase("长岭县", TestName = "A_three_character_word_finds_the_article")]
    [TestCase("团干部队伍建设", TestName = "A_seven_character_phrase_of_the_title_finds_the_article")]
    [TestCase("清明网上祭英烈", TestName = "A_long_phrase_deep_in_the_body_finds_the_article")]
    [TestCase("岭县", TestName = "A_word_inside_a_longer_run_of_characters_finds_the_article")]
    [TestCase("2022年", TestName = "Digits_followed_by_Chinese_find_the_article")]
    [TestCase("２０２２年", TestName = "Full_width_digits_find_the_article_written_with_ASCII_digits")]
    [TestCase("长岭 团委", TestName = "Two_words_that_both_appear_find_the_article")]
    public async Task Chinese_words_of_any_length_find_the_article_that_contains_them(string q)
    {
        var section = await Given.SectionAsync();
        var seed = await Admin.SeedArticleAsync(section);
        await Admin.ArticleAsync(section);

        var hits = await Anonymous.SearchAsync(q, $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { seed }));
    }

    [TestCase("火锅", TestName = "A_word_the_article_does_not_contain_finds_nothing")]
    [TestCase("岭团", TestName = "Two_characters_of_the_article_that_never_stand_together_find_nothing")]
    [TestCase("长岭 火锅", TestName = "A_search_finds_nothing_when_one_of_its_words_is_missing")]
    [TestCase("2023年", TestName = "A_year_the_article_does_not_mention_finds_nothing")]
    public async Task Words_the_article_does_not_contain_find_nothing(string q)
    {
        var section = await Given.SectionAsync();
        await Admin.SeedArticleAsync(section);
        await Admin.ArticleAsync(section);

        var hits = await Anonymous.SearchAsync(q, $"&station={section.StationId}");

        Assert.That(hits, Is.Empty);
    }

    [TestCase("changling", TestName = "A_Latin_word_in_lowercase_finds_it_written_with_capitals")]
    [TestCase("CHANGLING", TestName = "A_Latin_word_in_capitals_finds_it_written_in_mixed_case")]
    [TestCase("covid 19", TestName = "Latin_words_and_numbers_find_them_written_with_a_hyphen")]
    [TestCase("Covid-19", TestName = "A_hyphenated_Latin_word_finds_itself")]
    public async Task Latin_words_are_found_in_any_case(string q)
    {
        var section = await Given.SectionAsync();
        var latin = await Admin.ArticleAsync(section, "长岭县疫情防控", "<p>长岭县 COVID-19 Changling 防控工作有序开展。</p>");
        await Admin.SeedArticleAsync(section);

        var hits = await Anonymous.SearchAsync(q, $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { latin }));
    }

    [Test]
    public async Task A_word_split_by_inline_formatting_is_found_as_the_reader_sees_it()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.ArticleAsync(section, bodyHtml: "<p>共青团<strong>长</strong>岭县委召开会议。</p>");

        var hits = await Anonymous.SearchAsync("长岭县", $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { article }));
    }

    [Test]
    public async Task Words_do_not_run_on_across_the_end_of_a_paragraph()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, bodyHtml: "<p>会议在长岭</p><p>县委书记出席。</p>");

        var hits = await Anonymous.SearchAsync("岭县", $"&station={section.StationId}");

        Assert.That(hits, Is.Empty);
    }

    [Test]
    public async Task A_word_with_a_character_outside_the_basic_plane_is_found()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.ArticleAsync(section, bodyHtml: "<p>松原市𠮷野家分店今日开业。</p>");
        await Admin.ArticleAsync(section);

        var hits = await Anonymous.SearchAsync("𠮷野家", $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { article }));
    }

    [Test]
    public async Task Digits_typed_in_ASCII_find_full_width_digits_in_the_text()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.ArticleAsync(section, bodyHtml: "<p>２０２３年冬捕节开幕。</p>");
        await Admin.ArticleAsync(section);

        var hits = await Anonymous.SearchAsync("2023年", $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { article }));
    }

    [Test]
    public async Task A_search_without_other_filters_looks_through_every_station()
    {
        var word = "cms" + Guid.NewGuid().ToString("N");
        var article = await Admin.ArticleAsync(await Given.SectionAsync(), bodyHtml: $"<p>查干湖 {word} 冬捕</p>");
        await Admin.ArticleAsync(await Given.SectionAsync());

        var hits = await Anonymous.SearchAsync(word.ToUpperInvariant());

        Assert.That(hits.Ids(), Is.EqualTo(new[] { article }));
    }

    [Test]
    public async Task The_name_of_an_author_in_the_byline_finds_the_article()
    {
        var section = await Given.SectionAsync();
        var mu = await Given.AuthorAsync("穆汶姝");
        var jin = await Given.AuthorAsync("金作超");
        var byMu = await Admin.ArticleAsync(section, bylines: [new { authorId = mu.Id(), role = "correspondent" }]);
        await Admin.ArticleAsync(section, bylines: [new { authorId = jin.Id(), role = "editor" }]);

        var hits = await Anonymous.SearchAsync("穆汶姝", $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { byMu }));
    }

    [Test]
    public async Task A_renamed_author_is_found_under_the_new_name_and_no_longer_under_the_old_one()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("穆汶姝");
        var article = await Admin.ArticleAsync(section, bylines: [new { authorId = author.Id(), role = "correspondent" }]);

        var rename = await Admin.PutJsonAsync(ApiRoutes.For(UpdateAuthorRequest.Route, author.Id()), new { slug = (string?)author["slug"], name = "穆文殊" });
        var newName = await Anonymous.SearchAsync("穆文殊", $"&station={section.StationId}");
        var oldName = await Anonymous.SearchAsync("穆汶姝", $"&station={section.StationId}");

        Assert.That(rename.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(newName.Ids(), Is.EqualTo(new[] { article }));
        Assert.That(oldName, Is.Empty);
    }

    [Test]
    public async Task A_tag_finds_the_article_even_when_the_text_does_not_mention_it()
    {
        var section = await Given.SectionAsync();
        var tagged = await Admin.ArticleAsync(section, tags: ["渔猎文化", "Chagan-Lake"]);
        await Admin.ArticleAsync(section, tags: ["旅游"]);

        var chinese = await Anonymous.SearchAsync("渔猎文化", $"&station={section.StationId}");
        var latin = await Anonymous.SearchAsync("chagan lake", $"&station={section.StationId}");

        Assert.That(chinese.Ids(), Is.EqualTo(new[] { tagged }));
        Assert.That(latin.Ids(), Is.EqualTo(new[] { tagged }));
    }

    [Test]
    public async Task The_summary_is_searched()
    {
        var section = await Given.SectionAsync();
        var withSummary = await Admin.ArticleAsync(section, summary: "头鱼拍出九十九万元");
        await Admin.ArticleAsync(section);

        var hits = await Anonymous.SearchAsync("头鱼", $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { withSummary }));
    }

    [TestCase("\"团委\"", TestName = "Quotes_around_a_word_are_read_as_text")]
    [TestCase("团委*", TestName = "A_star_after_a_word_is_read_as_text")]
    [TestCase("(团委", TestName = "An_unbalanced_opening_parenthesis_is_read_as_text")]
    [TestCase("团委)", TestName = "An_unbalanced_closing_parenthesis_is_read_as_text")]
    [TestCase("-团委", TestName = "A_leading_minus_is_read_as_text")]
    [TestCase("^团委", TestName = "A_caret_is_read_as_text")]
    [TestCase("团委:", TestName = "A_colon_is_read_as_text")]
    [TestCase("团委\"", TestName = "An_unbalanced_quote_is_read_as_text")]
    [TestCase("{团委}", TestName = "Braces_are_read_as_text")]
    public async Task FTS_syntax_around_a_word_is_read_as_text_and_the_word_is_found(string q)
    {
        var section = await Given.SectionAsync();
        var seed = await Admin.SeedArticleAsync(section);

        var hits = await Anonymous.SearchAsync(q, $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { seed }));
    }

    [TestCase("团委 OR 火锅", TestName = "OR_is_a_word_not_an_operator")]
    [TestCase("NEAR(团委 长岭", TestName = "An_unclosed_NEAR_is_words_not_an_operator")]
    [TestCase("NEAR(团委 长岭, 5)", TestName = "A_NEAR_group_is_words_not_an_operator")]
    [TestCase("body:团委", TestName = "A_column_filter_is_a_word_not_a_filter")]
    [TestCase("团委 AND", TestName = "A_dangling_AND_is_a_word_not_an_operator")]
    [TestCase("NOT 团委", TestName = "A_leading_NOT_is_a_word_not_an_operator")]
    public async Task FTS_operators_in_a_search_are_words_and_never_an_error(string q)
    {
        var section = await Given.SectionAsync();
        await Admin.SeedArticleAsync(section);

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&q={Uri.EscapeDataString(q)}");

        var page = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page["items"]!.AsArray(), Is.Empty, "read as FTS syntax, it would have matched the article or failed");
    }

    [TestCase("\"*\"", TestName = "A_search_of_only_a_quoted_star_is_refused_naming_q")]
    [TestCase("*", TestName = "A_search_of_only_a_star_is_refused_naming_q")]
    [TestCase("(", TestName = "A_search_of_only_a_parenthesis_is_refused_naming_q")]
    [TestCase(")", TestName = "A_search_of_only_a_closing_parenthesis_is_refused_naming_q")]
    [TestCase("-", TestName = "A_search_of_only_a_minus_is_refused_naming_q")]
    [TestCase("^", TestName = "A_search_of_only_a_caret_is_refused_naming_q")]
    [TestCase(":", TestName = "A_search_of_only_a_colon_is_refused_naming_q")]
    [TestCase("\"\"", TestName = "A_search_of_only_quotes_is_refused_naming_q")]
    [TestCase("。,!?", TestName = "A_search_of_only_Chinese_punctuation_is_refused_naming_q")]
    public async Task A_search_with_nothing_to_search_for_is_refused_naming_q(string q)
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?q={Uri.EscapeDataString(q)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("q"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_search_longer_than_200_characters_is_refused_naming_q()
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?q={Uri.EscapeDataString(new string('团', 201))}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("q"), Is.Not.Empty, problem.ToJsonString());
    }
}
