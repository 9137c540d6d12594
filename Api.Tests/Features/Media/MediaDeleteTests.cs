using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

public sealed class MediaDeleteTests : MediaFixture
{
    [Test]
    public async Task An_unused_medium_can_be_deleted_and_its_file_is_removed_from_disk()
    {
        var before = MediaFiles();
        var medium = await UploadedAsync();
        var stored = StoredPathOf(before);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
        Assert.That(File.Exists(stored), Is.False);
        Assert.That(MediaFiles(), Is.EquivalentTo(before));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await AllMediaIdsAsync(), Does.Not.Contain((long)medium["id"]!));
    }

    [Test]
    public async Task Deleting_a_missing_medium_is_a_404_problem()
    {
        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, 987654321));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    [Test]
    public async Task Deleting_the_same_medium_twice_is_404_the_second_time()
    {
        var medium = await UploadedAsync();
        var first = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var second = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await first.Content.ReadAsStringAsync());
        await second.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_medium_used_as_an_article_cover_cannot_be_deleted_and_the_conflict_names_the_article()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var article = await ArticleAsync(coverMediaId: medium.Id());

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain($"article {article["id"]} (cover)"));
        await AssertStillThere(medium, stored);
    }

    [Test]
    public async Task A_medium_in_an_articles_media_list_cannot_be_deleted_and_the_conflict_names_the_article()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var article = await ArticleAsync(listedMediaId: medium.Id());

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain($"article {article["id"]} (media list)"));
        await AssertStillThere(medium, stored);
    }

    [Test]
    public async Task A_medium_shown_inline_in_an_article_body_cannot_be_deleted_and_the_conflict_names_the_article()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var article = await ArticleAsync(bodyHtml:
            $"<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p><p><img src=\"/api/v1/media/{medium["id"]}/content\" alt=\"培训现场\"></p>");

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain($"article {article["id"]} (inline image)"));
        await AssertStillThere(medium, stored);
    }

    [Test]
    public async Task A_medium_shown_inline_by_its_absolute_url_cannot_be_deleted()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var article = await ArticleAsync(bodyHtml: $"<figure><img src=\"{medium["url"]}\"><figcaption>团干部合影</figcaption></figure>");

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain($"article {article["id"]} (inline image)"));
        await AssertStillThere(medium, stored);
    }

    [Test]
    public async Task A_medium_used_as_an_author_avatar_cannot_be_deleted_and_the_conflict_names_the_author()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var author = await Given.AuthorAsync(avatarMediaId: medium.Id());

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain($"author {author["id"]} (avatar)"));
        await AssertStillThere(medium, stored);
    }

    [Test]
    public async Task The_conflict_names_every_article_and_author_that_uses_the_medium()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var cover = await ArticleAsync(coverMediaId: medium.Id());
        var listed = await ArticleAsync(listedMediaId: medium.Id());
        var author = await Given.AuthorAsync(avatarMediaId: medium.Id());

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var detail = (string?)(await res.ExpectProblemAsync(HttpStatusCode.Conflict))["detail"];
        Assert.That(detail, Does.Contain($"article {cover["id"]} (cover)"));
        Assert.That(detail, Does.Contain($"article {listed["id"]} (media list)"));
        Assert.That(detail, Does.Contain($"author {author["id"]} (avatar)"));
        await AssertStillThere(medium, stored);
    }

    [Test]
    public async Task Once_the_article_that_used_it_is_deleted_for_good_the_medium_can_be_deleted()
    {
        var (medium, stored) = await UploadWithFileAsync();
        var article = await ArticleAsync(coverMediaId: medium.Id(), listedMediaId: medium.Id(),
            bodyHtml: $"<p><img src=\"/api/v1/media/{medium["id"]}/content\"></p>");
        var articleDeleted = await Admin.DeleteAsync($"{ApiRoutes.For(DeleteArticleRequest.Route, article["id"]!)}?permanent=true");

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        Assert.That(articleDeleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
        Assert.That(File.Exists(stored), Is.False);
    }

    [Test]
    public async Task Deleting_without_a_key_is_refused_and_the_medium_stays()
    {
        var (medium, stored) = await UploadWithFileAsync();

        var res = await Anonymous.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await AssertStillThere(medium, stored);
    }

    async Task<(JsonNode Medium, string StoredPath)> UploadWithFileAsync()
    {
        var before = MediaFiles();
        var medium = await UploadedAsync(TestPhotos.Unique(), caption: "共青团长岭县委组织团干部培训");
        return (medium, StoredPathOf(before));
    }

    async Task<JsonNode> ArticleAsync(long? coverMediaId = null, long? listedMediaId = null,
        string bodyHtml = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>")
    {
        var (stationId, channelId) = await Given.SectionAsync();
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title = "共青团长岭县委全面发力 多链条打造团干部队伍建设",
            stationId,
            channelId,
            status = "draft",
            bodyHtml,
            coverMediaId,
            media = listedMediaId is { } m ? new object[] { new { mediaId = m, caption = "团干部培训现场" } } : [],
        });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    async Task AssertStillThere(JsonNode medium, string storedPath)
    {
        await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        var content = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        Assert.That(content.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(MediaBytes.Sha256Of(await content.Content.ReadAsByteArrayAsync()), Is.EqualTo((string?)medium["sha256"]));
        Assert.That(File.Exists(storedPath), Is.True, "the file stays on disk");
    }
}
