using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Search;

/// <summary>How hits come back: ranked, with highlighted snippets, visible only when published, in step with every write.</summary>
public sealed partial class ArticleSearchResultsTests : ApiFixture
{
    /// <summary>Relevance ranks by BM25, which weighs a document's length against the average of the whole index: another
    /// fixture's articles would reorder the hits.</summary>
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task A_match_in_the_title_ranks_above_a_match_only_deep_in_the_body()
    {
        var section = await Given.SectionAsync();
        var inBody = await Admin.ArticleAsync(section, "长岭县青年工作综述", SeedArticle.BodyHtml + "<p>查干湖冬捕</p>", publishedAt: SearchApi.Jan2.AddHours(1));
        var inTitle = await Admin.ArticleAsync(section, "查干湖冬捕开始", "<p>头鱼拍卖。</p>");

        var byDefault = await Anonymous.SearchAsync("冬捕", $"&station={section.StationId}");
        var byRelevance = await Anonymous.SearchAsync("冬捕", $"&station={section.StationId}&sort=relevance");
        var byTime = await Anonymous.SearchAsync("冬捕", $"&station={section.StationId}&sort=-publishedAt");

        Assert.That(byDefault.Ids(), Is.EqualTo(new[] { inTitle, inBody }));
        Assert.That(byRelevance.Ids(), Is.EqualTo(new[] { inTitle, inBody }));
        Assert.That(byTime.Ids(), Is.EqualTo(new[] { inBody, inTitle }), "another sort still applies to a search");
    }

    [Test]
    public async Task A_snippet_marks_the_words_in_the_original_text_not_in_the_index_text()
    {
        var section = await Given.SectionAsync();
        await Admin.SeedArticleAsync(section);

        var snippet = Snippet((await Anonymous.SearchAsync("长岭县", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Does.Contain("<mark>长岭县</mark>"));
        Assert.That(Marked(snippet), Is.All.EqualTo("长岭县"));
        Assert.That(snippet, Does.Not.Contain("长岭 岭县"), "the index holds character pairs; the reader sees the text");
        Assert.That(WithoutSpaces(string.Concat(SeedArticle.Paragraphs)), Does.Contain(WithoutSpaces(ArticleApi.VisibleText(snippet).Trim('…'))),
            "the snippet is a passage of the text as the reader sees it");
    }

    [Test]
    public async Task A_snippet_escapes_text_that_looks_like_HTML_in_the_original_page()
    {
        var section = await Given.SectionAsync();
        await Admin.SeedArticleAsync(section);

        var snippet = Snippet((await Anonymous.SearchAsync("长岭县", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Does.Contain("&lt;关于推进"), "the body quotes 《共青团中央印发<关于推进…>的通知》");
        Assert.That(snippet, Does.Not.Contain("<关于"));
    }

    [Test]
    public async Task A_one_character_search_marks_just_that_character()
    {
        var section = await Given.SectionAsync();
        await Admin.SeedArticleAsync(section);

        var snippet = Snippet((await Anonymous.SearchAsync("团", $"&station={section.StationId}")).Single());

        Assert.That(Marked(snippet), Is.Not.Empty.And.All.EqualTo("团"));
    }

    [Test]
    public async Task A_Latin_match_is_marked_as_the_text_writes_it()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, "长岭县疫情防控", "<p>长岭县 COVID-19 Changling 防控工作有序开展。</p>");

        var snippet = Snippet((await Anonymous.SearchAsync("changling", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Is.EqualTo("长岭县 COVID-19 <mark>Changling</mark> 防控工作有序开展。"));
    }

    [Test]
    public async Task A_snippet_keeps_tags_written_as_text_and_ampersands_escaped()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, "标签测试", "<p>标签&lt;b&gt;冬捕&lt;/b&gt;与 A&amp;B 公司</p>");

        var snippet = Snippet((await Anonymous.SearchAsync("冬捕", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Is.EqualTo("标签&lt;b&gt;<mark>冬捕</mark>&lt;/b&gt;与 A&amp;B 公司"));
    }

    [Test]
    public async Task A_match_only_in_the_title_gives_a_snippet_of_the_escaped_title()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, "冬捕 <速报> & 花絮", "<p>头鱼拍卖。</p>");

        var snippet = Snippet((await Anonymous.SearchAsync("冬捕", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Is.EqualTo("<mark>冬捕</mark> &lt;速报&gt; &amp; 花絮"));
    }

    [Test]
    public async Task A_match_only_in_the_summary_gives_a_snippet_of_the_summary()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, summary: "头鱼拍出九十九万元");

        var snippet = Snippet((await Anonymous.SearchAsync("头鱼", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Is.EqualTo("<mark>头鱼</mark>拍出九十九万元"));
    }

    [Test]
    public async Task Full_width_digits_in_the_text_are_marked_when_searched_in_ASCII()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, bodyHtml: "<p>２０２３年冬捕节开幕。</p>");

        var snippet = Snippet((await Anonymous.SearchAsync("2023年", $"&station={section.StationId}")).Single());

        Assert.That(snippet, Is.EqualTo("<mark>２０２３年</mark>冬捕节开幕。"));
    }

    [Test]
    public async Task A_character_outside_the_basic_plane_is_marked_whole()
    {
        var section = await Given.SectionAsync();
        await Admin.ArticleAsync(section, bodyHtml: "<p>松原市𠮷野家分店今日开业。</p>");

        var snippet = Snippet((await Anonymous.SearchAsync("𠮷野家", $"&station={section.StationId}")).Single());

        Assert.That(Marked(snippet).Select(WebUtility.HtmlDecode), Is.EqualTo(new[] { "𠮷野家" }));
        Assert.That(ArticleApi.VisibleText(snippet), Is.EqualTo("松原市𠮷野家分店今日开业。"));
    }

    [Test]
    public async Task Cards_listed_without_a_search_have_no_snippet()
    {
        var section = await Given.SectionAsync();
        await Admin.SeedArticleAsync(section);

        var items = await Anonymous.ItemsAsync($"station={section.StationId}");

        Assert.That(items, Has.Count.EqualTo(1));
        Assert.That(items.Single()!.AsObject().ContainsKey("snippet"), Is.False, items.ToJsonString());
    }

    [Test]
    public async Task A_draft_that_matches_is_found_only_with_a_key()
    {
        var section = await Given.SectionAsync();
        var draft = await Admin.SeedArticleAsync(section, status: "draft");

        var publicHits = await Anonymous.SearchAsync("长岭", $"&station={section.StationId}");
        var editorHits = await Admin.SearchAsync("长岭", $"&station={section.StationId}");

        Assert.That(publicHits, Is.Empty);
        Assert.That(editorHits.Ids(), Is.EqualTo(new[] { draft }));
    }

    [Test]
    public async Task An_article_scheduled_for_the_future_is_not_found_by_the_public_yet()
    {
        var section = await Given.SectionAsync();
        var scheduled = await Admin.ArticleAsync(section, publishedAt: DateTimeOffset.UtcNow.AddDays(30));

        var publicHits = await Anonymous.SearchAsync("冬捕", $"&station={section.StationId}");
        var editorHits = await Admin.SearchAsync("冬捕", $"&station={section.StationId}");

        Assert.That(publicHits, Is.Empty);
        Assert.That(editorHits.Ids(), Is.EqualTo(new[] { scheduled }));
    }

    [Test]
    public async Task A_search_within_a_station_finds_only_that_station_articles()
    {
        var songyuan = await Given.SectionAsync();
        var baicheng = await Given.SectionAsync();
        var mine = await Admin.SeedArticleAsync(songyuan);
        await Admin.SeedArticleAsync(baicheng);

        var hits = await Anonymous.SearchAsync("团委", $"&station={songyuan.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { mine }));
    }

    [Test]
    public async Task Asking_for_the_count_of_a_search_gives_the_number_of_hits()
    {
        var section = await Given.SectionAsync();
        for (var i = 0; i < 3; i++) { await Admin.SeedArticleAsync(section); }
        await Admin.ArticleAsync(section);

        var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&q={Uri.EscapeDataString("团委")}&limit=2&count=true"))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((long?)page["total"], Is.EqualTo(3));
    }

    [Test]
    public async Task After_the_body_is_replaced_the_old_words_are_no_longer_found_and_the_new_ones_are()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.SeedArticleAsync(section);
        var body = ArticleApi.Body(section, "查干湖冬捕开始");
        body["bodyHtml"] = "<p>前郭尔罗斯蒙古族自治县的查干湖迎来冬捕季。</p>";

        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article), body)).ExpectJsonAsync(HttpStatusCode.OK);
        var oldWord = await Anonymous.SearchAsync("团委", $"&station={section.StationId}");
        var newWord = await Anonymous.SearchAsync("前郭尔罗斯", $"&station={section.StationId}");

        Assert.That(oldWord, Is.Empty);
        Assert.That(newWord.Ids(), Is.EqualTo(new[] { article }));
    }

    [Test]
    public async Task A_deleted_article_is_no_longer_found()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.SeedArticleAsync(section);

        var delete = await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article));
        var publicHits = await Anonymous.SearchAsync("团委", $"&station={section.StationId}");
        var editorHits = await Admin.SearchAsync("团委", $"&station={section.StationId}");

        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(publicHits, Is.Empty);
        Assert.That(editorHits, Is.Empty);
    }

    [Test]
    public async Task A_draft_that_is_published_becomes_findable_by_the_public()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.SeedArticleAsync(section, status: "draft");
        var body = ArticleApi.Body(section);
        body["bodyHtml"] = SeedArticle.BodyHtml;

        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article), body)).ExpectJsonAsync(HttpStatusCode.OK);
        var hits = await Anonymous.SearchAsync("团委", $"&station={section.StationId}");

        Assert.That(hits.Ids(), Is.EqualTo(new[] { article }));
    }

    static string Snippet(JsonNode? hit) =>
        (string?)hit?["snippet"] ?? throw new AssertionException($"A search hit has a snippet: {hit?.ToJsonString()}");

    static List<string> Marked(string snippet) => MarkedText().Matches(snippet).Select(m => m.Groups[1].Value).ToList();

    static string WithoutSpaces(string text) => Whitespace().Replace(text, string.Empty);

    [GeneratedRegex("<mark>(.*?)</mark>")]
    private static partial Regex MarkedText();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
