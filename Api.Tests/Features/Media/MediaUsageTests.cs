using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

public sealed class MediaUsageTests : MediaFixture
{
    [Test]
    public async Task An_unused_medium_is_used_by_nothing()
    {
        var medium = await UploadedAsync();

        var res = await Admin.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, medium["id"]!));

        var usage = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((long?)usage["mediaId"], Is.EqualTo((long)medium["id"]!));
        Assert.That(usage["usedBy"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Usage_lists_every_article_and_author_that_uses_the_medium_and_how()
    {
        var medium = await UploadedAsync();
        var id = (long)medium["id"]!;
        var cover = await ArticleAsync("封面文章", "published", coverMediaId: id);
        var listed = await ArticleAsync("图集文章", "draft", listedMediaId: id);
        var inline = await ArticleAsync("正文配图", "draft", bodyHtml: $"<p>培训现场:</p><p><img src=\"{medium["url"]}&w=640\" alt=\"培训现场\"></p>");
        var author = await Given.AuthorAsync(name: "李雪", avatarMediaId: id);

        var res = await Admin.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, id));

        var uses = (await res.ExpectJsonAsync(HttpStatusCode.OK))["usedBy"]!.AsArray()
            .Select(u => ((string?)u!["kind"], (long?)u["id"], (string?)u["role"], (string?)u["name"], (string?)u["status"])).ToList();
        Assert.That(uses, Is.EquivalentTo(new (string?, long?, string?, string?, string?)[]
        {
            ("article", (long)cover["id"]!, "cover", "封面文章", "published"),
            ("article", (long)listed["id"]!, "media list", "图集文章", "draft"),
            ("article", (long)inline["id"]!, "inline image", "正文配图", "draft"),
            ("author", (long)author["id"]!, "avatar", "李雪", null),
        }));
    }

    [Test]
    public async Task Usage_is_only_for_callers_with_a_key()
    {
        var medium = await UploadedAsync();

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, medium["id"]!));

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_contributor_may_see_where_a_medium_is_used()
    {
        var medium = await UploadedAsync();
        var (_, contributor) = await KeyAsync("contributor");

        var res = await contributor.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, medium["id"]!));

        await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Usage_of_a_missing_medium_is_a_404_problem()
    {
        var res = await Admin.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, 987654321));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    [Test]
    public async Task Identical_uploads_each_have_their_own_usage()
    {
        var photo = TestPhotos.Unique();
        var used = await UploadedAsync(photo);
        var twin = await UploadedAsync(photo);
        await ArticleAsync("封面文章", "draft", coverMediaId: (long)used["id"]!);

        var res = await Admin.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, twin["id"]!));

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK))["usedBy"]!.AsArray(), Is.Empty);
    }

    async Task<JsonNode> ArticleAsync(string title, string status, long? coverMediaId = null, long? listedMediaId = null,
        string bodyHtml = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>")
    {
        var (stationId, channelId) = await Given.SectionAsync();
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title,
            stationId,
            channelId,
            status,
            bodyHtml,
            coverMediaId,
            media = listedMediaId is { } m ? new object[] { new { mediaId = m, caption = "团干部培训现场" } } : [],
        });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }
}
