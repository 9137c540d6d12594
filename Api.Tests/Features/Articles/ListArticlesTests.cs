using System.Buffers.Text;
using System.Net;
using System.Text;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ListArticlesTests : ApiFixture
{
    static readonly DateTimeOffset Jan2 = new(2024, 1, 2, 14, 36, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task A_card_carries_what_a_teaser_shows_but_not_the_body()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("金作超");
        var cover = await Given.MediaAsync(TestImages.Jpeg(320, 200));
        var body = ArticleApi.Body(section);
        body["summary"] = "共青团长岭县委全面发力";
        body["bylines"] = new object[] { new { authorId = author.Id(), role = "editor" } };
        body["tags"] = new[] { "共青团" };
        body["coverMediaId"] = cover.Id();
        body["media"] = new object[] { new { mediaId = cover.Id() } };
        await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);

        var items = await Anonymous.ItemsAsync($"station={section.StationId}");

        var card = items.Single()!;
        Assert.That(card.AsObject().ContainsKey("bodyHtml"), Is.False, "cards leave the body out");
        Assert.That(card.AsObject().ContainsKey("media"), Is.False, "cards leave the media list out");
        Assert.That((string?)card["title"], Is.EqualTo(SeedArticle.Title));
        Assert.That((string?)card["summary"], Is.EqualTo("共青团长岭县委全面发力"));
        Assert.That((string?)card["publishedAt"], Is.EqualTo("2024-01-02T06:36:00Z"));
        Assert.That((long?)card["station"]!["id"], Is.EqualTo(section.StationId));
        Assert.That((string?)card["station"]!["name"], Is.EqualTo("松原站"));
        Assert.That((long?)card["channel"]!["id"], Is.EqualTo(section.ChannelId));
        Assert.That((string?)card["channel"]!["name"], Is.EqualTo("要闻"));
        Assert.That(ArticleApi.Ref(card["bylines"]![0]!["author"]), Is.EqualTo((author.Id(), (string?)author["slug"], "金作超")));
        Assert.That((string?)card["bylines"]![0]!["role"], Is.EqualTo("editor"));
        Assert.That(card["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "共青团" }));
        Assert.That((long?)card["cover"]!["mediaId"], Is.EqualTo(cover.Id()));
        Assert.That((int?)card["cover"]!["width"], Is.EqualTo(320));
        Assert.That((string?)card["cover"]!["url"], Does.Contain($"/api/v1/media/{cover.Id()}/content?v="));
    }

    [Test]
    public async Task A_filter_that_matches_no_article_answers_an_empty_list()
    {
        var section = await Given.SectionAsync();

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}");

        var page = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page["items"]!.AsArray(), Is.Empty);
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task Lists_are_newest_first_by_publish_time_and_the_newer_id_first_on_the_same_time()
    {
        var section = await Given.SectionAsync();
        var oldest = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddDays(-1));
        var newest = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddDays(1));
        var firstOfTwo = await Given.ArticleAsync(section: section, publishedAt: Jan2);
        var secondOfTwo = await Given.ArticleAsync(section: section, publishedAt: Jan2.ToOffset(TimeSpan.Zero));

        var items = await Anonymous.ItemsAsync($"station={section.StationId}");

        Assert.That(secondOfTwo.Id(), Is.GreaterThan(firstOfTwo.Id()));
        Assert.That(items.Ids(), Is.EqualTo(new[] { newest.Id(), secondOfTwo.Id(), firstOfTwo.Id(), oldest.Id() }));
    }

    [Test]
    public async Task Order_follows_the_publish_time_not_the_order_of_creation()
    {
        var section = await Given.SectionAsync();
        var importedLater = await Given.ArticleAsync(section: section, publishedAt: new DateTimeOffset(2023, 12, 31, 23, 0, 0, TimeSpan.FromHours(8)));
        var importedFirst = await Given.ArticleAsync(section: section, publishedAt: new DateTimeOffset(2024, 1, 1, 0, 30, 0, TimeSpan.FromHours(8)));

        var items = await Anonymous.ItemsAsync($"station={section.StationId}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { importedFirst.Id(), importedLater.Id() }));
    }

    [Test]
    public async Task The_station_filter_takes_the_station_id_or_its_slug()
    {
        var mine = await Given.SectionAsync();
        var other = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: mine, publishedAt: Jan2);
        await Given.ArticleAsync(section: other, publishedAt: Jan2);
        var slug = (string?)(await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, mine.StationId))).JsonAsync())["slug"];

        var byId = await Anonymous.ItemsAsync($"station={mine.StationId}");
        var bySlug = await Anonymous.ItemsAsync($"station={slug}");

        Assert.That(byId.Ids(), Is.EqualTo(new[] { article.Id() }));
        Assert.That(bySlug.Ids(), Is.EqualTo(new[] { article.Id() }));
    }

    [Test]
    public async Task The_channel_filter_takes_the_channel_id_or_its_slug_together_with_the_station()
    {
        var station = await Given.StationAsync();
        var headlines = await Given.ChannelAsync(station.Id(), name: "要闻");
        var livelihood = await Given.ChannelAsync(station.Id(), name: "民生");
        var inHeadlines = await Given.ArticleAsync(section: (station.Id(), headlines.Id()), publishedAt: Jan2);
        await Given.ArticleAsync(section: (station.Id(), livelihood.Id()), publishedAt: Jan2);

        var byId = await Anonymous.ItemsAsync($"channel={headlines.Id()}");
        var bySlug = await Anonymous.ItemsAsync($"station={station["slug"]}&channel={headlines["slug"]}");

        Assert.That(byId.Ids(), Is.EqualTo(new[] { inHeadlines.Id() }));
        Assert.That(bySlug.Ids(), Is.EqualTo(new[] { inHeadlines.Id() }));
    }

    [Test]
    public async Task The_author_filter_takes_the_author_id_or_slug_and_finds_every_byline_position()
    {
        var section = await Given.SectionAsync();
        var li = await Given.AuthorAsync("李雪");
        var jin = await Given.AuthorAsync("金作超");
        var asCorrespondent = await Given.ArticleAsync(section: section, publishedAt: Jan2,
            bylines: [new { authorId = li.Id(), role = "correspondent" }, new { authorId = jin.Id(), role = "editor" }]);
        var asEditorOnly = await Given.ArticleAsync(section: section, publishedAt: Jan2.AddHours(1),
            bylines: [new { authorId = jin.Id(), role = "editor" }]);

        var liById = await Anonymous.ItemsAsync($"author={li.Id()}");
        var jinBySlug = await Anonymous.ItemsAsync($"author={jin["slug"]}");

        Assert.That(liById.Ids(), Is.EqualTo(new[] { asCorrespondent.Id() }));
        Assert.That(jinBySlug.Ids(), Is.EqualTo(new[] { asEditorOnly.Id(), asCorrespondent.Id() }));
    }

    [Test]
    public async Task The_tag_filter_ignores_the_case_of_Latin_letters()
    {
        var section = await Given.SectionAsync();
        var tag = Given.UniqueSlug("Covid");
        var tagged = await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: ["共青团", tag.ToUpperInvariant()]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: ["共青团"]);

        var lower = await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString(tag.ToLowerInvariant())}");
        var mixed = await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString(tag)}");

        Assert.That(lower.Ids(), Is.EqualTo(new[] { tagged.Id() }));
        Assert.That(mixed.Ids(), Is.EqualTo(new[] { tagged.Id() }));
    }

    [Test]
    public async Task The_tag_filter_finds_Chinese_tags()
    {
        var section = await Given.SectionAsync();
        var tag = "团干部" + Given.UniqueSlug("t");
        var tagged = await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: [tag]);

        var items = await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString(tag)}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { tagged.Id() }));
    }

    [Test]
    public async Task Filters_combine_so_only_articles_matching_all_of_them_are_listed()
    {
        var section = await Given.SectionAsync();
        var other = await Given.SectionAsync();
        var li = await Given.AuthorAsync("李雪");
        var byline = new object[] { new { authorId = li.Id(), role = "correspondent" } };
        var tag = Given.UniqueSlug("youth");
        var match = await Given.ArticleAsync(section: section, publishedAt: Jan2, bylines: byline, tags: [tag]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, bylines: byline, tags: ["其他"]);
        await Given.ArticleAsync(section: section, publishedAt: Jan2, tags: [tag]);
        await Given.ArticleAsync(section: other, publishedAt: Jan2, bylines: byline, tags: [tag]);

        var items = await Anonymous.ItemsAsync($"station={section.StationId}&channel={section.ChannelId}&author={li.Id()}&tag={tag}");

        Assert.That(items.Ids(), Is.EqualTo(new[] { match.Id() }));
    }

    [TestCase("station=no-such-station", "station", TestName = "A_station_filter_naming_no_station_is_refused")]
    [TestCase("station=987654321", "station", TestName = "A_station_filter_with_an_unknown_id_is_refused")]
    [TestCase("channel=987654321", "channel", TestName = "A_channel_filter_with_an_unknown_id_is_refused")]
    [TestCase("author=no-such-author", "author", TestName = "An_author_filter_naming_no_author_is_refused")]
    [TestCase("author=987654321", "author", TestName = "An_author_filter_with_an_unknown_id_is_refused")]
    public async Task A_filter_naming_something_that_does_not_exist_is_refused_rather_than_answered_with_an_empty_list(string query, string parameter)
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?{query}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(parameter), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_channel_slug_of_another_station_is_refused_naming_the_channel()
    {
        var first = await Given.StationAsync();
        var second = await Given.StationAsync();
        var channel = await Given.ChannelAsync(first.Id());

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={second["slug"]}&channel={channel["slug"]}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("channel"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_channel_slug_without_a_station_is_refused_because_it_is_ambiguous()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?channel={channel["slug"]}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("channel"), Has.Some.Contains("station"));
    }

    [Test]
    public async Task Paging_returns_every_article_exactly_once_in_order_and_ends_with_a_null_cursor()
    {
        var section = await Given.SectionAsync();
        var expected = new List<long>();
        for (var i = 0; i < 7; i++) { expected.Insert(0, (await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i))).Id()); }

        var pages = await AllPagesAsync($"station={section.StationId}&limit=3");

        Assert.That(pages.Select(p => p.Ids.Count), Is.EqualTo(new[] { 3, 3, 1 }));
        Assert.That(pages.SelectMany(p => p.Ids), Is.EqualTo(expected));
        Assert.That(pages[^1].NextCursor, Is.Null);
    }

    [Test]
    public async Task When_the_articles_fill_the_last_page_exactly_no_empty_page_is_promised()
    {
        var section = await Given.SectionAsync();
        var expected = new List<long>();
        for (var i = 0; i < 6; i++) { expected.Insert(0, (await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i))).Id()); }

        var pages = await AllPagesAsync($"station={section.StationId}&limit=3");

        Assert.That(pages.Select(p => p.Ids.Count), Is.EqualTo(new[] { 3, 3 }));
        Assert.That(pages.SelectMany(p => p.Ids), Is.EqualTo(expected));
    }

    [Test]
    public async Task Paging_over_articles_with_the_same_publish_time_skips_none_and_repeats_none()
    {
        var section = await Given.SectionAsync();
        var expected = new List<long>();
        for (var i = 0; i < 5; i++) { expected.Insert(0, (await Given.ArticleAsync(section: section, publishedAt: Jan2)).Id()); }

        var pages = await AllPagesAsync($"station={section.StationId}&limit=2");

        Assert.That(pages.SelectMany(p => p.Ids), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_cursor_edited_by_hand_is_refused()
    {
        var section = await Given.SectionAsync();
        for (var i = 0; i < 3; i++) { await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i)); }
        var cursor = (string)(await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&limit=1")).JsonAsync())["nextCursor"]!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        var position = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor.AsSpan(0, dot))).Split('\n');
        var nextId = long.Parse(position[1], System.Globalization.CultureInfo.InvariantCulture) + 1;
        var edited = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{position[0]}\n{nextId}")) + cursor[dot..];

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&limit=1&cursor={edited}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [Test]
    public async Task A_cursor_that_is_not_a_cursor_at_all_is_refused()
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?cursor=abc");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [Test]
    public async Task A_cursor_from_one_filter_is_refused_with_another_filter()
    {
        var section = await Given.SectionAsync();
        var other = await Given.SectionAsync();
        for (var i = 0; i < 2; i++)
        {
            await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i));
            await Given.ArticleAsync(section: other, publishedAt: Jan2.AddMinutes(i));
        }
        var cursor = (string)(await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&limit=1")).JsonAsync())["nextCursor"]!;

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={other.StationId}&limit=1&cursor={cursor}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [TestCase("0", TestName = "A_limit_of_0_is_refused")]
    [TestCase("101", TestName = "A_limit_over_100_is_refused")]
    [TestCase("abc", TestName = "A_limit_that_is_not_a_number_is_refused")]
    [TestCase("-1", TestName = "A_negative_limit_is_refused")]
    public async Task Limits_outside_1_to_100_are_refused_naming_limit(string limit)
    {
        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?limit={limit}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("limit"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_limit_of_100_is_accepted()
    {
        var article = await Given.ArticleAsync(publishedAt: Jan2);

        var items = await Anonymous.ItemsAsync($"station={article["station"]!["id"]}&limit=100");

        Assert.That(items.Ids(), Is.EqualTo(new[] { article.Id() }));
    }

    async Task<List<(List<long> Ids, string? NextCursor)>> AllPagesAsync(string query)
    {
        var pages = new List<(List<long>, string?)>();
        string? cursor = null;
        do
        {
            var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?{query}{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ExpectJsonAsync(HttpStatusCode.OK);
            cursor = (string?)page["nextCursor"];
            pages.Add((page["items"]!.AsArray().Ids(), cursor));
            Assert.That(pages, Has.Count.LessThan(20), "paging must end");
        }
        while (cursor is not null);
        return pages;
    }
}
