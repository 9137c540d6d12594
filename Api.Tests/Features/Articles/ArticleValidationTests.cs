using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleValidationTests : ApiFixture
{
    static IEnumerable<TestCaseData> InvalidBodies()
    {
        yield return Case("An_article_without_a_title_is_refused", "title", b => b.Remove("title"));
        yield return Case("An_article_with_a_blank_title_is_refused", "title", b => b["title"] = " \t ");
        yield return Case("A_title_over_200_characters_is_refused", "title", b => b["title"] = new string('长', 201));
        yield return Case("An_article_without_a_station_is_refused", "stationId", b => b.Remove("stationId"));
        yield return Case("An_article_without_a_channel_is_refused", "channelId", b => b.Remove("channelId"));
        yield return Case("An_unknown_status_is_refused", "status", b => b["status"] = "archived");
        yield return Case("A_status_given_as_an_out_of_range_number_is_refused", "status", b => b["status"] = 7);
        yield return Case("A_byline_role_outside_the_list_is_refused", "bylines[0].role",
            b => b["bylines"] = new object[] { new { authorId = 1, role = "author" } });
        yield return Case("A_byline_role_given_as_an_out_of_range_number_is_refused", "bylines[0].role",
            b => b["bylines"] = new object[] { new { authorId = 1, role = 9 } });
        yield return Case("A_byline_without_a_role_is_refused", "bylines[0].role",
            b => b["bylines"] = new object[] { new { authorId = 1 } });
        yield return Case("The_same_author_twice_in_the_same_role_is_refused", "bylines",
            b => b["bylines"] = new object[] { new { authorId = 1, role = "correspondent" }, new { authorId = 1, role = "correspondent" } });
        yield return Case("More_than_30_tags_are_refused", "tags",
            b => b["tags"] = Enumerable.Range(1, 31).Select(i => $"标签{i}").ToArray());
        yield return Case("An_empty_tag_is_refused", "tags[1]", b => b["tags"] = new[] { "共青团", "" });
        yield return Case("A_blank_tag_is_refused", "tags[0]", b => b["tags"] = new[] { "   ", "共青团" });
        yield return Case("A_publish_time_without_an_offset_is_refused_because_its_instant_is_unknown", "publishedAt",
            b => b["publishedAt"] = "2024-01-02T14:36:00");
        yield return Case("A_publish_time_in_a_local_date_format_is_refused", "publishedAt", b => b["publishedAt"] = "01/02/2024 14:36");
        yield return Case("A_createdAt_in_the_body_is_refused_not_silently_ignored", "createdAt",
            b => b["createdAt"] = "2020-01-01T00:00:00Z");
        yield return Case("An_updatedAt_in_the_body_is_refused_not_silently_ignored", "updatedAt",
            b => b["updatedAt"] = "2020-01-01T00:00:00Z");
    }

    static TestCaseData Case(string name, string field, Action<Dictionary<string, object?>> spoil) =>
        new TestCaseData(field, spoil).SetName(name);

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task Invalid_articles_are_refused_naming_the_field_and_nothing_is_saved(string field, Action<Dictionary<string, object?>> spoil)
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        spoil(body);

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task An_unknown_status_or_role_is_answered_with_the_allowed_values()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["status"] = "live";
        var bylines = ArticleApi.Body(section);
        bylines["bylines"] = new object[] { new { authorId = 1, role = "boss" } };

        var status = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var role = await (await Admin.PostJsonAsync(ArticleApi.Path, bylines)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(status.ErrorsFor("status"), Has.Some.Contains("draft, published"));
        Assert.That(role.ErrorsFor("bylines[0].role"), Has.Some.Contains("reporter, correspondent, photographer, editor, writer"));
    }

    [Test]
    public async Task A_title_of_exactly_200_characters_is_accepted()
    {
        var section = await Given.SectionAsync();
        var title = new string('长', 200);

        var res = await Admin.PostJsonAsync(ArticleApi.Path, ArticleApi.Body(section, title));

        var article = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)article["title"], Is.EqualTo(title));
    }

    [Test]
    public async Task An_article_may_have_30_tags()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        var tags = Enumerable.Range(1, 30).Select(i => $"标签{i}").ToArray();
        body["tags"] = tags;

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var article = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(article["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(tags));
    }

    [Test]
    public async Task Malformed_JSON_is_refused_as_a_problem_about_the_body_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();

        var res = await Admin.PostRawAsync(ArticleApi.Path,
            $$"""{"title": "共青团长岭县委", "stationId": {{section.StationId}}, "channelId": {{section.ChannelId}}, """);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("body"), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task A_station_id_sent_as_text_is_refused_naming_the_field_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();

        var res = await Admin.PostRawAsync(ArticleApi.Path,
            $$"""{"title": "共青团长岭县委", "stationId": "songyuan", "channelId": {{section.ChannelId}}}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("stationId"), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task An_unknown_station_is_unprocessable_naming_stationId_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["stationId"] = 987654321;

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("stationId"), Has.Some.Contains("987654321"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task A_channel_of_another_station_is_unprocessable_naming_channelId_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();
        var other = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["channelId"] = other.ChannelId;

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("channelId"), Is.Not.Empty, problem.ToJsonString());
        Assert.That(problem.ErrorsFor("stationId"), Is.Empty, "the station itself exists");
        Assert.That(await Admin.CountInSectionAsync(section) + await Admin.CountInSectionAsync(other), Is.Zero);
    }

    [Test]
    public async Task An_unknown_author_in_a_byline_is_unprocessable_naming_that_byline_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();
        var li = await Given.AuthorAsync("李雪");
        var body = ArticleApi.Body(section);
        body["bylines"] = new object[]
        {
            new { authorId = li.Id(), role = "correspondent" },
            new { authorId = 987654321, role = "correspondent" },
        };

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("bylines[1].authorId"), Has.Some.Contains("987654321"));
        Assert.That(problem.ErrorsFor("bylines[0].authorId"), Is.Empty);
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task An_unknown_cover_is_unprocessable_naming_coverMediaId_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["coverMediaId"] = 987654321;

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("coverMediaId"), Has.Some.Contains("987654321"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task An_unknown_medium_in_the_media_list_is_unprocessable_naming_its_position_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["media"] = new object[] { new { mediaId = 987654321, caption = "团干部" } };

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("media[0].mediaId"), Has.Some.Contains("987654321"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task An_inline_image_of_a_missing_medium_is_unprocessable_naming_bodyHtml_and_nothing_is_saved()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["bodyHtml"] = """<p>团干部</p><img src="/api/v1/media/999999/content" alt="团干部">""";

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("bodyHtml"), Has.Some.Contains("999999"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task An_inline_image_of_an_existing_medium_is_accepted_and_kept()
    {
        var section = await Given.SectionAsync();
        var photo = await Given.MediaAsync();
        var body = ArticleApi.Body(section);
        body["bodyHtml"] = $"""<p>团干部</p><img src="/api/v1/media/{photo.Id()}/content" alt="团干部">""";

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var article = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)article["bodyHtml"], Does.Contain($"src=\"{photo["url"]}\""),
            "images in a body are absolute (and versioned) in responses, so a frontend on another origin can show them");
        Assert.That((string?)photo["url"], Does.StartWith($"http://localhost/api/v1/media/{photo.Id()}/content?v="));
    }

    [Test]
    public async Task A_body_read_and_sent_back_unchanged_stays_the_same_and_keeps_its_image_in_use()
    {
        var section = await Given.SectionAsync();
        var photo = await Given.MediaAsync();
        var body = ArticleApi.Body(section);
        body["bodyHtml"] = $"""<p>团干部</p><img src="/api/v1/media/{photo.Id()}/content" alt="团干部">""";
        var created = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
        body["bodyHtml"] = (string)created["bodyHtml"]!;

        var replaced = await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, created.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK);
        var delete = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, photo.Id()));

        using var otherHost = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://cms.example.com") });
        otherHost.DefaultRequestHeaders.Authorization = new("Bearer", CmsFactory.AdminKey);
        var viaOtherHost = await (await otherHost.GetAsync(ApiRoutes.For(GetArticleRequest.Route, created.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)replaced["bodyHtml"], Is.EqualTo((string?)created["bodyHtml"]));
        Assert.That((string?)viaOtherHost["bodyHtml"], Does.Contain("http://cms.example.com/api/v1/media/").And.Not.Contain("localhost"),
            "the stored body does not depend on the host it was sent through");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the image is still used inline");
    }
}
