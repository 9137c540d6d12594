using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class UpdateDeleteArticleTests : ApiFixture
{
    [Test]
    public async Task Replacing_an_article_replaces_every_field_and_empties_the_ones_left_out()
    {
        var section = await Given.SectionAsync();
        var article = await FullArticleAsync(section);
        var moved = await Given.SectionAsync();
        var before = ArticleApi.ToMilliseconds(DateTime.UtcNow);

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), new
        {
            title = "共青团长岭县委深化改革",
            bodyHtml = "<p>下一步,共青团长岭县委将进一步拓宽改革工作思路。</p>",
            stationId = moved.StationId,
            channelId = moved.ChannelId,
            status = "published",
            publishedAt = "2024-01-03T09:00:00+08:00",
        });

        var replaced = await res.ExpectJsonAsync(HttpStatusCode.OK);
        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var current in new[] { replaced, read })
        {
            Assert.That(current.Id(), Is.EqualTo(article.Id()));
            Assert.That((string?)current["title"], Is.EqualTo("共青团长岭县委深化改革"));
            Assert.That((string?)current["bodyHtml"], Is.EqualTo("<p>下一步,共青团长岭县委将进一步拓宽改革工作思路。</p>"));
            Assert.That((long?)current["station"]!["id"], Is.EqualTo(moved.StationId));
            Assert.That((long?)current["channel"]!["id"], Is.EqualTo(moved.ChannelId));
            Assert.That((string?)current["publishedAt"], Is.EqualTo("2024-01-03T01:00:00Z"));
            Assert.That(current["subtitle"], Is.Null);
            Assert.That(current["summary"], Is.Null);
            Assert.That(current["source"], Is.Null);
            Assert.That(current["credit"], Is.Null);
            Assert.That(current["cover"], Is.Null);
            Assert.That(current["bylines"]!.AsArray(), Is.Empty);
            Assert.That(current["tags"]!.AsArray(), Is.Empty);
            Assert.That(current["media"]!.AsArray(), Is.Empty);
            Assert.That((DateTime)current["createdAt"]!, Is.EqualTo((DateTime)article["createdAt"]!));
            Assert.That((DateTime)current["updatedAt"]!, Is.GreaterThanOrEqualTo(before).And.GreaterThanOrEqualTo((DateTime)article["updatedAt"]!));
        }
        Assert.That(await Anonymous.ItemsAsync($"station={section.StationId}"), Is.Empty, "the article left its old station");
    }

    [Test]
    public async Task Replacing_keeps_the_new_order_of_bylines_tags_and_media()
    {
        var section = await Given.SectionAsync();
        var li = await Given.AuthorAsync("李雪");
        var mu = await Given.AuthorAsync("穆汶姝");
        var first = await Given.MediaAsync(TestImages.Jpeg(40, 30));
        var second = await Given.MediaAsync(TestImages.Jpeg(50, 30));
        var article = await Given.ArticleAsync(section: section,
            bylines: [new { authorId = li.Id(), role = "correspondent" }, new { authorId = mu.Id(), role = "correspondent" }], tags: ["甲", "乙"]);
        var body = ArticleApi.Body(section);
        body["bylines"] = new object[] { new { authorId = mu.Id(), role = "correspondent" }, new { authorId = li.Id(), role = "photographer" } };
        body["tags"] = new[] { "乙", "甲", "丙" };
        body["media"] = new object[] { new { mediaId = second.Id() }, new { mediaId = first.Id() } };

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body);

        await res.ExpectJsonAsync(HttpStatusCode.OK);
        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(read["bylines"]!.AsArray().Select(b => (string?)b!["author"]!["name"]), Is.EqualTo(new[] { "穆汶姝", "李雪" }));
        Assert.That(read["bylines"]!.AsArray().Select(b => (string?)b!["role"]), Is.EqualTo(new[] { "correspondent", "photographer" }));
        Assert.That(read["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "乙", "甲", "丙" }));
        Assert.That(read["media"]!.AsArray().Select(m => (long)m!["mediaId"]!), Is.EqualTo(new[] { second.Id(), first.Id() }));
    }

    [Test]
    public async Task Replacing_a_missing_article_is_404_and_does_not_create_it()
    {
        var section = await Given.SectionAsync();

        var res = await Admin.PutJsonAsync($"{ArticleApi.Path}/987654321", ArticleApi.Body(section));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
        await (await Admin.GetAsync($"{ArticleApi.Path}/987654321")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task A_replace_with_bad_references_is_422_and_leaves_the_article_as_it_was()
    {
        var section = await Given.SectionAsync();
        var article = await FullArticleAsync(section);
        var body = ArticleApi.Body(section, "不应保存的标题");
        body["bylines"] = new object[] { new { authorId = 987654321, role = "editor" } };
        body["tags"] = new[] { "不应保存" };
        body["coverMediaId"] = 987654321;

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("bylines[0].authorId"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("coverMediaId"), Is.Not.Empty);
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(after.ToJsonString(), Is.EqualTo(article.ToJsonString()));
    }

    [Test]
    public async Task A_replace_that_fails_validation_leaves_the_article_as_it_was()
    {
        var section = await Given.SectionAsync();
        var article = await FullArticleAsync(section);
        var body = ArticleApi.Body(section, "");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("title"), Is.Not.Empty);
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(after.ToJsonString(), Is.EqualTo(article.ToJsonString()));
    }

    [Test]
    public async Task An_id_in_the_body_of_a_replace_is_refused_not_silently_ignored()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section, title: "原标题");
        var body = ArticleApi.Body(section, "新标题");
        body["id"] = article.Id() + 1;

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("id"), Is.Not.Empty);
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)after["title"], Is.EqualTo("原标题"));
    }

    [Test]
    public async Task Deleting_an_article_moves_it_to_the_trash_out_of_pages_and_lists()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);
        var trashed = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)trashed["status"], Is.EqualTo("trashed"), "editors can still open it, to decide on a restore");
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task Deleting_an_article_for_good_removes_it_from_every_view()
    {
        var article = await Given.ArticleAsync();

        var res = await Admin.DeleteAsync($"{ApiRoutes.For(DeleteArticleRequest.Route, article.Id())}?permanent=true");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync(ApiRoutes.For(ListRevisionsRequest.Route, article.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Deleting_a_trashed_article_again_says_it_is_in_the_trash()
    {
        var article = await Given.ArticleAsync();
        await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()));

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("trash"));
    }

    [Test]
    public async Task Deleting_an_article_for_good_twice_answers_404_the_second_time()
    {
        var article = await Given.ArticleAsync();
        await Admin.DeleteAsync($"{ApiRoutes.For(DeleteArticleRequest.Route, article.Id())}?permanent=true");

        var res = await Admin.DeleteAsync($"{ApiRoutes.For(DeleteArticleRequest.Route, article.Id())}?permanent=true");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_medium_used_by_an_article_cannot_be_deleted_while_the_article_exists()
    {
        var section = await Given.SectionAsync();
        var cover = await Given.MediaAsync();
        var inline = await Given.MediaAsync(TestImages.Png(), "mmexport1704177122056.png", "image/png");
        var body = ArticleApi.Body(section);
        body["coverMediaId"] = cover.Id();
        body["bodyHtml"] = $"""<p>团干部</p><img src="/api/v1/media/{inline.Id()}/content">""";
        await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);

        var deleteCover = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, cover.Id()));
        var deleteInline = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, inline.Id()));

        await deleteCover.ExpectProblemAsync(HttpStatusCode.Conflict);
        await deleteInline.ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, cover.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, inline.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Deleting_an_article_for_good_keeps_its_media_which_can_then_be_deleted()
    {
        var section = await Given.SectionAsync();
        var cover = await Given.MediaAsync();
        var listed = await Given.MediaAsync(TestImages.Png(), "mmexport1704177122056.png", "image/png");
        var inline = await Given.MediaAsync(TestImages.Png(80, 60), "mmexport1704177123814.png", "image/png");
        var body = ArticleApi.Body(section);
        body["coverMediaId"] = cover.Id();
        body["media"] = new object[] { new { mediaId = listed.Id() } };
        body["bodyHtml"] = $"""<p>团干部</p><img src="/api/v1/media/{inline.Id()}/content">""";
        var article = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);

        await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()));
        var whileInTrash = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, cover.Id()));
        var res = await Admin.DeleteAsync($"{ApiRoutes.For(DeleteArticleRequest.Route, article.Id())}?permanent=true");

        await whileInTrash.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);
        foreach (var medium in new[] { cover, listed, inline })
        {
            await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
            var deleted = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium.Id()));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await deleted.Content.ReadAsStringAsync());
        }
    }

    [Test]
    public async Task Deleting_a_missing_article_is_404()
    {
        var res = await Admin.DeleteAsync($"{ArticleApi.Path}/987654321");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    /// <summary>An article with every field filled, as the API answered its creation.</summary>
    async Task<JsonNode> FullArticleAsync((long StationId, long ChannelId) section)
    {
        var author = await Given.AuthorAsync("金作超");
        var cover = await Given.MediaAsync(caption: "团干部");
        var body = ArticleApi.Body(section, SeedArticle.Title);
        body["subtitle"] = "多链条打造团干部队伍建设";
        body["summary"] = "共青团长岭县委全面发力";
        body["source"] = "中国吉林网";
        body["credit"] = "共青团长岭县委";
        body["bylines"] = new object[] { new { authorId = author.Id(), role = "editor" } };
        body["tags"] = new[] { "共青团", "长岭县" };
        body["coverMediaId"] = cover.Id();
        body["media"] = new object[] { new { mediaId = cover.Id(), caption = "多样化“选”" } };
        return await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
    }
}
