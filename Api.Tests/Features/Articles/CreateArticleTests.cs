using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class CreateArticleTests : ApiFixture
{
    [Test]
    public async Task The_imported_seed_article_keeps_its_old_id_and_its_page_is_one_public_call()
    {
        var station = await Given.StationAsync(name: "松原站");
        var channel = await Given.ChannelAsync(station.Id(), name: "要闻");
        var li = await Given.AuthorAsync("李雪");
        var mu = await Given.AuthorAsync("穆汶姝");
        var jin = await Given.AuthorAsync("金作超");
        var photos = new List<JsonNode>
        {
            await Given.MediaAsync(TestImages.Jpeg(640, 480), "mmexport1704177120277.jpg", caption: "团干部队伍建设"),
            await Given.MediaAsync(TestImages.Png(320, 240), "mmexport1704177122056.png", "image/png"),
            await Given.MediaAsync(TestImages.Png(300, 200), "mmexport1704177123814.png", "image/png"),
            await Given.MediaAsync(TestImages.Png(200, 300), "mmexport1704177125521.png", "image/png"),
            await Given.MediaAsync(TestImages.Png(128, 96), "mmexport1704177127916.png", "image/png"),
        };

        var created = await Admin.PostJsonAsync(ArticleApi.Path, new
        {
            id = 3808167,
            title = SeedArticle.Title,
            bodyHtml = SeedArticle.BodyHtml,
            stationId = station.Id(),
            channelId = channel.Id(),
            status = "published",
            publishedAt = ArticleApi.SeedPublishedAt,
            source = "中国吉林网",
            credit = "共青团长岭县委",
            bylines = new object[]
            {
                new { authorId = li.Id(), role = "correspondent" },
                new { authorId = mu.Id(), role = "correspondent" },
                new { authorId = jin.Id(), role = "editor" },
            },
            tags = new[] { "共青团", "长岭县", "团干部" },
            coverMediaId = photos[0].Id(),
            media = photos.Select((p, i) => new { mediaId = p.Id(), caption = i == 1 ? "“红领巾心向党”主题团队日" : null }).ToArray(),
        });
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, 3808167));

        await created.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/api/v1/articles/3808167"));
        var article = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(article.Id(), Is.EqualTo(3808167));
        Assert.That((string?)article["title"], Is.EqualTo(SeedArticle.Title));
        Assert.That((string?)article["status"], Is.EqualTo("published"));
        Assert.That((string?)article["publishedAt"], Is.EqualTo("2024-01-02T06:36:00Z"));
        Assert.That((string?)article["source"], Is.EqualTo("中国吉林网"));
        Assert.That((string?)article["credit"], Is.EqualTo("共青团长岭县委"));
        Assert.That(ArticleApi.Ref(article["station"]), Is.EqualTo((station.Id(), (string?)station["slug"], "松原站")));
        Assert.That(ArticleApi.Ref(article["channel"]), Is.EqualTo((channel.Id(), (string?)channel["slug"], "要闻")));
        var bylines = article["bylines"]!.AsArray();
        Assert.That(bylines.Select(b => (string?)b!["author"]!["name"]), Is.EqualTo(new[] { "李雪", "穆汶姝", "金作超" }));
        Assert.That(bylines.Select(b => (long)b!["author"]!["id"]!), Is.EqualTo(new[] { li.Id(), mu.Id(), jin.Id() }));
        Assert.That(bylines.Select(b => (string?)b!["author"]!["slug"]), Is.EqualTo(new[] { (string?)li["slug"], (string?)mu["slug"], (string?)jin["slug"] }));
        Assert.That(bylines.Select(b => (string?)b!["role"]), Is.EqualTo(new[] { "correspondent", "correspondent", "editor" }));
        Assert.That(article["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "共青团", "长岭县", "团干部" }));
        var cover = article["cover"]!;
        Assert.That((long)cover["mediaId"]!, Is.EqualTo(photos[0].Id()));
        Assert.That((string?)cover["url"], Does.Contain($"/api/v1/media/{photos[0].Id()}/content?v="));
        Assert.That((int?)cover["width"], Is.EqualTo(640));
        Assert.That((int?)cover["height"], Is.EqualTo(480));
        Assert.That((string?)cover["caption"], Is.EqualTo("团干部队伍建设"));
        var media = article["media"]!.AsArray();
        Assert.That(media.Select(m => (long)m!["mediaId"]!), Is.EqualTo(photos.Select(p => p.Id())));
        Assert.That(media.Select(m => (string?)m!["url"]), Is.EqualTo(photos.Select(p => (string?)p["url"])));
        Assert.That(media.Select(m => (int?)m!["width"]), Is.EqualTo(new int?[] { 640, 320, 300, 200, 128 }));
        Assert.That(media.Select(m => (int?)m!["height"]), Is.EqualTo(new int?[] { 480, 240, 200, 300, 96 }));
        Assert.That(media.Select(m => (string?)m!["caption"]),
            Is.EqualTo(new[] { "团干部队伍建设", "“红领巾心向党”主题团队日", null, null, null }),
            "a caption given for this article wins; otherwise the medium's own caption is shown");
        var body = (string)article["bodyHtml"]!;
        Assert.That(System.Text.RegularExpressions.Regex.Count(body, "<p>"), Is.EqualTo(SeedArticle.Paragraphs.Count));
        Assert.That(ArticleApi.VisibleText(body), Does.Contain("通讯员 李雪 穆汶姝"));
        foreach (var paragraph in SeedArticle.Paragraphs)
        {
            Assert.That(ArticleApi.VisibleText(body), Does.Contain(paragraph));
        }
    }

    [Test]
    public async Task Importing_an_id_that_already_exists_is_a_conflict_naming_the_id_and_keeps_the_first_article()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(title: "第一篇", section: section, id: 1_000_101);
        var second = ArticleApi.Body(section, "第二篇");
        second["id"] = 1_000_101;

        var res = await Admin.PostJsonAsync(ArticleApi.Path, second);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.ErrorsFor("id"), Has.Some.Contains("1000101"));
        var kept = await (await Admin.GetAsync($"{ArticleApi.Path}/1000101")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)kept["title"], Is.EqualTo("第一篇"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.EqualTo(2), "one article, found once by station and once by channel");
    }

    [Test]
    public async Task An_article_created_without_an_id_gets_a_new_one_and_is_found_at_its_location()
    {
        var section = await Given.SectionAsync();
        var earlier = await Given.ArticleAsync(section: section);

        var res = await Admin.PostJsonAsync(ArticleApi.Path, ArticleApi.Body(section, "新文章"));

        var created = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(created.Id(), Is.GreaterThan(0).And.Not.EqualTo(earlier.Id()));
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/articles/{created.Id()}"));
        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, created.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)read["title"], Is.EqualTo("新文章"));
    }

    [Test]
    public async Task Chinese_emoji_and_mixed_text_come_back_exactly_as_sent()
    {
        var section = await Given.SectionAsync();
        var title = "“青春有约 岭爱前行”🎉👍🏽 Youth Day 2024 长岭县";
        var subtitle = "共青团长岭县委 × Changling County — ①②③";
        var summary = SeedArticle.Paragraphs[0] + " 🎉👍🏽";
        var tags = new[] { "共青团", "🎉👍🏽", "Youth 青年 2024" };
        var body = ArticleApi.Body(section, title);
        body["subtitle"] = subtitle;
        body["summary"] = summary;
        body["tags"] = tags;

        var created = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, created.Id()));

        var article = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["title"], Is.EqualTo(title));
        Assert.That((string?)article["subtitle"], Is.EqualTo(subtitle));
        Assert.That((string?)article["summary"], Is.EqualTo(summary));
        Assert.That(article["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(tags));
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("青春有约 岭爱前行").And.Contain(SeedArticle.Paragraphs[0]), "Chinese text is sent as UTF-8, not escaped");
    }

    [Test]
    public async Task A_raw_UTF8_JSON_body_with_Chinese_and_emoji_is_stored_unchanged()
    {
        var section = await Given.SectionAsync();
        var title = "长岭县青年志愿者协会🎉👍🏽开展志愿服务";
        var summary = "共青团长岭县委组织下派228名志愿者 → 114个疫情防控卡点";
        var json = $$"""
            {
              "title": "{{title}}",
              "summary": "{{summary}}",
              "bodyHtml": "<p>{{SeedArticle.Paragraphs[2]}}</p>",
              "stationId": {{section.StationId}},
              "channelId": {{section.ChannelId}},
              "status": "published",
              "publishedAt": "2024-01-02T14:36:00+08:00",
              "tags": ["志愿者", "👍🏽", "Volunteer志愿"]
            }
            """;

        var created = await Admin.PostRawAsync(ArticleApi.Path, json);

        var id = (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, id));
        var article = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["title"], Is.EqualTo(title));
        Assert.That((string?)article["summary"], Is.EqualTo(summary));
        Assert.That((string?)article["bodyHtml"], Is.EqualTo($"<p>{SeedArticle.Paragraphs[2]}</p>"));
        Assert.That(article["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "志愿者", "👍🏽", "Volunteer志愿" }));
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("长岭县青年志愿者协会").And.Contain("志愿者 → 114个疫情防控卡点"), "Chinese text is sent as UTF-8, not escaped");
    }

    [Test]
    public async Task Tags_are_trimmed_and_a_tag_repeated_in_another_case_is_kept_once()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["tags"] = new[] { " 共青团 ", "Youth", "youth", "共青团", "长岭县" };

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var article = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(article["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "共青团", "Youth", "长岭县" }));
    }

    [Test]
    public async Task Writes_without_a_key_are_refused_and_change_nothing()
    {
        var section = await Given.SectionAsync();
        var existing = await Given.ArticleAsync(title: "原标题", section: section);
        var url = ApiRoutes.For(GetArticleRequest.Route, existing.Id());

        var create = await Anonymous.PostJsonAsync(ArticleApi.Path, ArticleApi.Body(section, "匿名新文章"));
        var replace = await Anonymous.PutJsonAsync(url, ArticleApi.Body(section, "匿名改标题"));
        var delete = await Anonymous.DeleteAsync(url);

        await create.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await replace.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await delete.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(create.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        var items = await Admin.ItemsAsync($"station={section.StationId}");
        Assert.That(items.Select(i => (string?)i!["title"]), Is.EqualTo(new[] { "原标题" }));
    }
}
