using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleQueryTests : SteppingClockApiFixture
{
    static readonly TimeSpan China = TimeSpan.FromHours(8);
    static readonly DateTimeOffset Jan2 = new(2024, 1, 2, 0, 0, 0, China);

    [Test]
    public async Task A_publish_time_range_includes_articles_published_exactly_at_either_bound()
    {
        var section = await Given.SectionAsync();
        var from = Jan2;
        var to = Jan2.AddDays(1).AddMilliseconds(-1);
        await Given.ArticleAsync(section: section, publishedAt: from.AddMilliseconds(-1));
        var atFrom = await Given.ArticleAsync(section: section, publishedAt: from);
        var inside = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(14).AddMinutes(36));
        var atTo = await Given.ArticleAsync(section: section, publishedAt: to);
        await Given.ArticleAsync(section: section, publishedAt: to.AddMilliseconds(1));

        var items = await Anonymous.ItemsAsync($"station={section.StationId}&publishedFrom={Time(from)}&publishedTo={Time(to)}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { atTo.Id(), inside.Id(), atFrom.Id() }));
    }

    [Test]
    public async Task A_publish_time_with_a_Beijing_offset_means_the_same_instant_as_its_UTC_form()
    {
        var section = await Given.SectionAsync();
        var midnightInChangling = await Given.ArticleAsync(section: section, publishedAt: new DateTimeOffset(2024, 1, 1, 16, 0, 0, TimeSpan.Zero));

        var fromMidnight = await Anonymous.ItemsAsync($"station={section.StationId}&publishedFrom={Time(Jan2)}");
        var untilJustBefore = await Anonymous.ItemsAsync($"station={section.StationId}&publishedTo={Time(Jan2.AddSeconds(-1))}");
        var untilMidnight = await Anonymous.ItemsAsync($"station={section.StationId}&publishedTo={Time(Jan2)}");

        Assert.That(fromMidnight.Ids(), Is.EqualTo(new[] { midnightInChangling.Id() }));
        Assert.That(untilJustBefore.Ids(), Is.Empty);
        Assert.That(untilMidnight.Ids(), Is.EqualTo(new[] { midnightInChangling.Id() }));
    }

    [Test]
    public async Task A_range_of_a_single_instant_finds_the_article_published_at_that_instant()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(14).AddMinutes(36));
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(14).AddMinutes(37));

        var items = await Anonymous.ItemsAsync(
            $"station={section.StationId}&publishedFrom={Time(Jan2.AddHours(14).AddMinutes(36))}&publishedTo={Time(Jan2.AddHours(14).AddMinutes(36))}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { article.Id() }));
    }

    [Test]
    public async Task A_draft_without_a_publish_time_is_outside_every_publish_time_range_even_for_an_editor()
    {
        var section = await Given.SectionAsync();
        var published = await Given.ArticleAsync(section: section, publishedAt: Jan2);
        await Given.ArticleAsync(section: section, status: "draft");

        var items = await Admin.ItemsAsync($"station={section.StationId}&publishedFrom={Time(Jan2.AddYears(-10))}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { published.Id() }));
    }

    [Test]
    public async Task A_publish_time_range_that_ends_before_it_starts_is_refused_naming_publishedTo()
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?publishedFrom={Time(Jan2)}&publishedTo={Time(Jan2.AddSeconds(-1))}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("publishedTo"), Is.Not.Empty, problem.ToJsonString());
    }

    [TestCase("publishedFrom", "yesterday", TestName = "A_publishedFrom_that_is_not_a_time_is_refused_naming_it")]
    [TestCase("publishedTo", "2024-13-45", TestName = "A_publishedTo_that_is_not_a_date_is_refused_naming_it")]
    [TestCase("updatedSince", "1704177360", TestName = "An_updatedSince_given_as_a_unix_number_is_refused_naming_it")]
    [TestCase("publishedFrom", "2024-01-02T00:00:00", TestName = "A_publishedFrom_without_an_offset_is_refused_because_its_instant_is_unknown")]
    [TestCase("publishedTo", "01/02/2024", TestName = "A_publishedTo_in_a_local_date_format_is_refused_naming_it")]
    public async Task A_time_filter_that_is_not_an_RFC_3339_time_is_refused_naming_the_filter(string parameter, string value)
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?{parameter}={value}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(parameter), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task After_an_edit_the_article_is_listed_as_updated_since_the_edit_and_the_untouched_ones_are_not()
    {
        var section = await Given.SectionAsync();
        var edited = await Given.ArticleAsync(section: section, publishedAt: Jan2);
        var untouched = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1));
        var newest = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(2));
        var editedAt = UpdatedAt(await EditAsync(edited, section, Jan2));

        var sinceEdit = await Anonymous.ItemsAsync($"station={section.StationId}&updatedSince={Time(editedAt)}");
        var sinceUntouched = await Anonymous.ItemsAsync($"station={section.StationId}&updatedSince={Time(UpdatedAt(untouched))}");

        Assert.That(sinceEdit.Ids(), Is.EqualTo(new[] { edited.Id() }));
        Assert.That(sinceUntouched.Ids(), Is.EqualTo(new[] { newest.Id(), untouched.Id(), edited.Id() }));
    }

    [Test]
    public async Task Author_and_updated_since_together_list_only_the_author_articles_edited_since()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("穆汶姝");
        object[] byline = [new { authorId = author.Id(), role = "correspondent" }];
        var edited = await Given.ArticleAsync(section: section, publishedAt: Jan2, bylines: byline);
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1), bylines: byline);
        var body = ArticleApi.Body(section);
        body["publishedAt"] = Jan2;
        body["bylines"] = byline;
        var editedAt = UpdatedAt(await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, edited.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK));
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(2));

        var items = await Anonymous.ItemsAsync($"author={author.Id()}&updatedSince={Time(editedAt)}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { edited.Id() }));
    }

    [Test]
    public async Task An_article_taken_back_to_draft_leaves_the_public_lists_of_its_tag_and_its_author()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("李雪");
        var tag = Given.UniqueSlug("youth");
        object[] byline = [new { authorId = author.Id(), role = "reporter" }];
        var withdrawn = await Given.ArticleAsync(section: section, publishedAt: Jan2, bylines: byline, tags: [tag]);
        var kept = await Given.ArticleAsync(section: section, publishedAt: Jan2, bylines: byline, tags: [tag]);
        var body = ArticleApi.Body(section);
        body["status"] = "draft";
        body["bylines"] = byline;
        body["tags"] = new[] { tag };

        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, withdrawn.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK);
        var byTag = await Anonymous.ItemsAsync($"tag={tag}");
        var byAuthor = await Anonymous.ItemsAsync($"author={author.Id()}");

        Assert.That(byTag.Ids(), Is.EqualTo(new[] { kept.Id() }));
        Assert.That(byAuthor.Ids(), Is.EqualTo(new[] { kept.Id() }));
    }

    [Test]
    public async Task Station_and_tag_together_list_only_the_station_articles_with_the_tag()
    {
        var section = await Given.SectionAsync();
        var other = await Given.SectionAsync();
        var tag = "冬捕" + Given.UniqueSlug("t");
        var match = await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: [tag]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: ["查干湖"]);
        await Given.ArticleAsync(section: other, publishedAt: Jan2, tags: [tag]);

        var items = await Anonymous.ItemsAsync($"station={section.StationId}&tag={Uri.EscapeDataString(tag)}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { match.Id() }));
    }

    [Test]
    public async Task Author_and_published_from_together_list_only_the_author_articles_from_that_time()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("穆汶姝");
        var someoneElse = await Given.AuthorAsync("金作超");
        object[] byAuthor = [new { authorId = author.Id(), role = "correspondent" }];
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddDays(-1), bylines: byAuthor);
        var recent = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(9), bylines: byAuthor);
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(9), bylines: [new { authorId = someoneElse.Id(), role = "correspondent" }]);

        var items = await Anonymous.ItemsAsync($"author={author.Id()}&publishedFrom={Time(Jan2)}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { recent.Id() }));
    }

    [Test]
    public async Task Channel_and_search_together_find_only_the_channel_articles_with_the_words()
    {
        var station = await Given.StationAsync();
        var headlines = await Given.ChannelAsync(station.Id(), name: "要闻");
        var livelihood = await Given.ChannelAsync(station.Id(), name: "民生");
        var match = await Given.ArticleAsync(section: (station.Id(), headlines.Id()), publishedAt: Jan2, title: "查干湖冬捕开始");
        await Given.ArticleAsync(section: (station.Id(), headlines.Id()), publishedAt: Jan2, title: "长岭县召开青年工作会议");
        await Given.ArticleAsync(section: (station.Id(), livelihood.Id()), publishedAt: Jan2, title: "查干湖冬捕开始");

        var items = await Anonymous.ItemsAsync($"channel={headlines.Id()}&q={Uri.EscapeDataString("冬捕")}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { match.Id() }));
    }

    [Test]
    public async Task Search_and_tag_together_find_only_the_tagged_articles_with_the_words()
    {
        var section = await Given.SectionAsync();
        var tag = Given.UniqueSlug("winter");
        var match = await Given.ArticleAsync(section: section, publishedAt: Jan2, title: "查干湖冬捕开始", tags: [tag]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, title: "查干湖冬捕开始", tags: ["旅游"]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, title: "长岭县召开青年工作会议", tags: [tag]);

        var items = await Anonymous.ItemsAsync($"tag={tag}&q={Uri.EscapeDataString("冬捕")}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { match.Id() }));
    }

    [Test]
    public async Task Search_and_author_together_find_only_the_author_articles_with_the_words()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("李雪");
        object[] byAuthor = [new { authorId = author.Id(), role = "reporter" }];
        var match = await Given.ArticleAsync(section: section, publishedAt: Jan2, title: "查干湖冬捕开始", bylines: byAuthor);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, title: "查干湖冬捕开始");
        await Given.ArticleAsync(section: section, publishedAt: Jan2, title: "长岭县召开青年工作会议", bylines: byAuthor);

        var items = await Anonymous.ItemsAsync($"author={author.Id()}&q={Uri.EscapeDataString("冬捕")}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { match.Id() }));
    }

    [Test]
    public async Task Asking_for_the_count_gives_the_total_of_all_matching_articles_on_every_page()
    {
        var section = await Given.SectionAsync();
        for (var i = 0; i < 5; i++) { await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i)); }
        await Given.ArticleAsync(section: section, status: "draft");
        await Given.ArticleAsync(publishedAt: Jan2);

        var first = await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&limit=2&count=true")).ExpectJsonAsync(HttpStatusCode.OK);
        var second = await (await Anonymous.GetAsync(
            $"{ArticleApi.Path}?station={section.StationId}&limit=2&count=true&cursor={first["nextCursor"]}")).ExpectJsonAsync(HttpStatusCode.OK);
        var withDrafts = await (await Admin.GetAsync($"{ArticleApi.Path}?station={section.StationId}&limit=2&count=true")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(first["items"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((long?)first["total"], Is.EqualTo(5));
        Assert.That((long?)second["total"], Is.EqualTo(5));
        Assert.That((long?)withDrafts["total"], Is.EqualTo(6));
    }

    [Test]
    public async Task The_count_follows_every_filter_of_the_list()
    {
        var section = await Given.SectionAsync();
        var tag = Given.UniqueSlug("youth");
        await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: [tag]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddDays(1), tags: [tag]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddDays(2), tags: [tag]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2.AddDays(2));

        var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&tag={tag}&publishedFrom={Time(Jan2.AddDays(1))}&count=true"))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((long?)page["total"], Is.EqualTo(2));
    }

    [TestCase("", TestName = "A_list_has_no_total_unless_asked_for")]
    [TestCase("&count=false", TestName = "A_list_has_no_total_when_count_is_false")]
    public async Task A_list_leaves_the_total_out_unless_count_is_true(string count)
    {
        var article = await Given.ArticleAsync(publishedAt: Jan2);

        var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={article["station"]!["id"]}{count}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(page["items"]!.AsArray().Ids(), Is.EqualTo(new[] { article.Id() }));
        Assert.That(page.AsObject().ContainsKey("total"), Is.False, page.ToJsonString());
    }

    /// <summary>An RFC 3339 time with the +08:00 offset editors in Jilin use, escaped for a query string.</summary>
    internal static string Time(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToOffset(China).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));

    internal static DateTimeOffset UpdatedAt(JsonNode article) =>
        DateTimeOffset.Parse((string)article["updatedAt"]!, CultureInfo.InvariantCulture);

    /// <summary>Replaces the article with a new title, keeping its section and publish time; returns the replaced article.</summary>
    internal static async Task<JsonNode> EditAsync(HttpClient admin, JsonNode article, (long StationId, long ChannelId) section, DateTimeOffset publishedAt)
    {
        var body = ArticleApi.Body(section, title: "共青团长岭县委全面发力(更新)");
        body["publishedAt"] = publishedAt;
        return await (await admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    Task<JsonNode> EditAsync(JsonNode article, (long StationId, long ChannelId) section, DateTimeOffset publishedAt) =>
        EditAsync(Admin, article, section, publishedAt);
}
