using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleQuerySortingTests : SteppingClockApiFixture
{
    /// <summary>Relevance ranks by BM25, which weighs a document's length against the average of the whole index: another
    /// fixture's articles would reorder the hits.</summary>
    protected override bool NeedsDatabaseOfItsOwn => true;

    static readonly DateTimeOffset Jan2 = new(2024, 1, 2, 0, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task Newest_first_by_publish_time_is_the_order_when_none_is_asked_for()
    {
        var section = await Given.SectionAsync();
        var middle = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1));
        var newest = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(2));
        var oldest = await Given.ArticleAsync(section: section, publishedAt: Jan2);

        var byDefault = await Anonymous.ItemsAsync($"station={section.StationId}");
        var explicitly = await Anonymous.ItemsAsync($"station={section.StationId}&sort=-publishedAt");

        Assert.That(byDefault.Ids(), Is.EqualTo(new[] { newest.Id(), middle.Id(), oldest.Id() }));
        Assert.That(explicitly.Ids(), Is.EqualTo(new[] { newest.Id(), middle.Id(), oldest.Id() }));
    }

    [Test]
    public async Task Oldest_first_by_publish_time_lists_the_older_id_first_on_the_same_time()
    {
        var section = await Given.SectionAsync();
        var newest = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(2));
        var firstOfTwo = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1));
        var oldest = await Given.ArticleAsync(section: section, publishedAt: Jan2);
        var secondOfTwo = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1));

        var items = await Anonymous.ItemsAsync($"station={section.StationId}&sort=publishedAt");

        Assert.That(items.Ids(), Is.EqualTo(new[] { oldest.Id(), firstOfTwo.Id(), secondOfTwo.Id(), newest.Id() }));
    }

    [Test]
    public async Task Sorting_by_last_change_puts_an_article_just_edited_at_the_top()
    {
        var section = await Given.SectionAsync();
        var first = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(2));
        var second = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1));
        var third = await Given.ArticleAsync(section: section, publishedAt: Jan2);
        var before = await Anonymous.ItemsAsync($"station={section.StationId}&sort=-updatedAt");

        await ArticleQueryTests.EditAsync(Admin, first, section, Jan2.AddHours(2));
        var after = await Anonymous.ItemsAsync($"station={section.StationId}&sort=-updatedAt");

        Assert.That(before.Ids(), Is.EqualTo(new[] { third.Id(), second.Id(), first.Id() }));
        Assert.That(after.Ids(), Is.EqualTo(new[] { first.Id(), third.Id(), second.Id() }));
    }

    [Test]
    public async Task Sorting_a_tag_list_by_last_change_puts_an_article_just_edited_at_the_top()
    {
        var section = await Given.SectionAsync();
        var tag = Given.UniqueSlug("youth");
        var first = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(2), tags: [tag]);
        var second = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1), tags: [tag]);

        await ReplaceAsync(first.Id(), section, tags: [tag]);
        var items = await Anonymous.ItemsAsync($"tag={tag}&sort=-updatedAt");

        Assert.That(items.Ids(), Is.EqualTo(new[] { first.Id(), second.Id() }));
    }

    [Test]
    public async Task An_author_list_follows_a_publish_time_changed_by_an_edit()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("李雪");
        object[] byline = [new { authorId = author.Id(), role = "reporter" }];
        var earlier = await Given.ArticleAsync(section: section, publishedAt: Jan2, bylines: byline);
        var later = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1), bylines: byline);

        await ReplaceAsync(earlier.Id(), section, publishedAt: Jan2.AddHours(2), bylines: byline);
        var newestFirst = await Anonymous.ItemsAsync($"author={author.Id()}");
        var oldestFirst = await Anonymous.ItemsAsync($"author={author.Id()}&sort=publishedAt");

        Assert.That(newestFirst.Ids(), Is.EqualTo(new[] { earlier.Id(), later.Id() }));
        Assert.That(oldestFirst.Ids(), Is.EqualTo(new[] { later.Id(), earlier.Id() }));
    }

    [Test]
    public async Task Sorting_by_relevance_without_a_search_is_refused_naming_sort()
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?sort=relevance");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("sort"), Is.Not.Empty, problem.ToJsonString());
    }

    [TestCase("title", TestName = "Sorting_by_title_is_refused_listing_the_allowed_orders")]
    [TestCase("-title", TestName = "Sorting_by_descending_title_is_refused_listing_the_allowed_orders")]
    [TestCase("PublishedAt", TestName = "A_sort_in_the_wrong_case_is_refused_listing_the_allowed_orders")]
    [TestCase("updatedAt", TestName = "Oldest_change_first_is_not_an_offered_order")]
    [TestCase("publishedAt;DROP TABLE articles", TestName = "SQL_in_the_sort_is_refused_listing_the_allowed_orders")]
    [TestCase("published_at DESC", TestName = "A_column_name_as_the_sort_is_refused_listing_the_allowed_orders")]
    public async Task A_sort_outside_the_allow_list_is_refused_with_the_allowed_values(string sort)
    {
        var article = await Given.ArticleAsync(publishedAt: Jan2);

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?sort={Uri.EscapeDataString(sort)}");
        var afterwards = await Anonymous.ItemsAsync($"station={article["station"]!["id"]}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var words = problem.ErrorsFor("sort").SelectMany(m => m.Split([' ', ',', ':', ';'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.TrimEnd('.'));
        Assert.That(words, Is.SupersetOf(new[] { "-publishedAt", "publishedAt", "-updatedAt", "relevance" }), problem.ToJsonString());
        Assert.That(afterwards.Ids(), Is.EqualTo(new[] { article.Id() }), "the articles are still there");
    }

    [TestCase("-publishedAt", TestName = "Paging_newest_first_visits_every_article_once_in_order")]
    [TestCase("publishedAt", TestName = "Paging_oldest_first_visits_every_article_once_in_order")]
    [TestCase("-updatedAt", TestName = "Paging_by_last_change_visits_every_article_once_in_order")]
    [TestCase("relevance", TestName = "Paging_by_relevance_visits_every_hit_once_in_order")]
    public async Task Paging_two_at_a_time_visits_every_article_exactly_once_in_the_order_of_the_sort(string sort)
    {
        var section = await Given.SectionAsync();
        var a1 = await ArticleAsync(section, Jan2.AddHours(10), "查干湖冬捕开始", "<p>冬捕</p>");
        var a2 = await ArticleAsync(section, Jan2.AddHours(9), "查干湖迎来冬捕季", "<p>冬捕 冬捕 冬捕,渔民凿冰下网。</p>");
        var a3 = await ArticleAsync(section, Jan2.AddHours(10), "查干湖冬捕开始", "<p>冬捕</p>");
        var a4 = await ArticleAsync(section, Jan2.AddHours(8), "前郭县旅游", SeedArticle.BodyHtml + "<p>冬捕</p>");
        var a5 = await ArticleAsync(section, Jan2.AddHours(11), "冬捕", "<p>头鱼拍卖。</p>");
        await ReplaceAsync(a2, section);
        await ReplaceAsync(a4, section);
        var q = sort == "relevance" ? $"&q={Uri.EscapeDataString("冬捕")}" : "";
        var query = $"{ArticleApi.Path}?station={section.StationId}&sort={sort}{q}";
        long[] expected = sort switch
        {
            "-publishedAt" => [a5, a3, a1, a2, a4],
            "publishedAt" => [a4, a2, a1, a3, a5],
            "-updatedAt" => [a4, a2, a5, a3, a1],
            _ => [.. (await Anonymous.ItemsAsync($"station={section.StationId}&sort=relevance{q}&limit=100")).Ids()],
        };

        var items = await Anonymous.AllPagesAsync(query, limit: 2);

        Assert.That(items.Select(i => (long)i["id"]!), Is.EqualTo(expected));
        Assert.That(expected, Is.EquivalentTo(new[] { a1, a2, a3, a4, a5 }));
    }

    async Task<long> ArticleAsync((long StationId, long ChannelId) section, DateTimeOffset publishedAt, string title, string bodyHtml) =>
        (await Given.ArticleAsync(section: section, publishedAt: publishedAt, title: title, bodyHtml: bodyHtml)).Id();

    /// <summary>Saves the article again as it is (its credit set, and the publish time, tags or bylines given), so that
    /// its time of change moves.</summary>
    async Task<JsonNode> ReplaceAsync(long id, (long StationId, long ChannelId) section, DateTimeOffset? publishedAt = null,
        string[]? tags = null, object[]? bylines = null)
    {
        var current = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);
        var body = ArticleApi.Body(section, (string)current["title"]!);
        body["bodyHtml"] = (string?)current["bodyHtml"];
        body["publishedAt"] = publishedAt is { } time ? time : (string?)current["publishedAt"];
        body["credit"] = "吉网";
        body["tags"] = tags ?? [];
        body["bylines"] = bylines ?? [];
        return await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, id), body)).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
