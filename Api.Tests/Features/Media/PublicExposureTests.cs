using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Issue #13 row 11: a medium's file name and uploading key go only to keys that may change it (editors, admins,
/// the uploader); an author's e-mail only to editors and admins.</summary>
public sealed class PublicExposureTests : ApiFixture
{
    [Test]
    public async Task Anonymous_callers_and_other_contributors_get_media_without_the_file_name_or_the_uploading_key()
    {
        var (uploader, _) = await NewKeyClientAsync("contributor");
        var (other, _) = await NewKeyClientAsync("contributor");
        var uploaded = await (await Given.UploadAsync(TestImages.Jpeg(), "mmexport1704177120277.jpg", client: uploader)).ExpectJsonAsync(HttpStatusCode.Created);
        var url = ApiRoutes.For(GetMediaRequest.Route, uploaded.Id());
        await Given.ArticleAsync(bodyHtml: $"<figure><img src=\"/api/v1/media/{uploaded.Id()}/content\"></figure>");
        Assert.That((string?)uploaded["fileName"], Is.EqualTo("mmexport1704177120277.jpg"), "the uploader sees what it sent");

        foreach (var (who, client) in new[] { ("anonymous", Anonymous), ("another contributor", other) })
        {
            var medium = (JsonObject)(await (await client.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK));
            Assert.That(medium.ContainsKey("fileName"), Is.False, who);
            Assert.That(medium.ContainsKey("uploadedByKeyId"), Is.False, who);
            Assert.That((string?)medium["url"], Is.Not.Null, who);

            var listed = (await client.AllPagesAsync(ApiRoutes.For(ListMediaRequest.Route), limit: 100)).Single(m => m.Id() == uploaded.Id());
            Assert.That(((JsonObject)listed).ContainsKey("fileName") || ((JsonObject)listed).ContainsKey("uploadedByKeyId"), Is.False, who + " in the library");
        }

        foreach (var (who, client) in new[] { ("the uploader", uploader), ("an admin", Admin) })
        {
            var medium = await (await client.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.That((string?)medium["fileName"], Is.EqualTo("mmexport1704177120277.jpg"), who);
            Assert.That((long?)medium["uploadedByKeyId"], Is.EqualTo((long?)uploaded["uploadedByKeyId"]).And.Not.Null, who);
        }
    }

    [Test]
    public async Task An_authors_email_goes_to_editors_and_admins_only()
    {
        var author = await Given.AuthorAsync("李雪", email: "li.xue@example.com");
        var url = ApiRoutes.For(GetAuthorRequest.Route, author.Id());
        var (editor, _) = await NewKeyClientAsync("editor");
        var (authorKey, _) = await NewKeyClientAsync("author", authorId: author.Id());
        var (contributor, _) = await NewKeyClientAsync("contributor");

        foreach (var (who, client, sees) in new[] { ("anonymous", Anonymous, false), ("a contributor", contributor, false), ("an author", authorKey, false), ("an editor", editor, true), ("an admin", Admin, true) })
        {
            var one = await (await client.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);
            var listed = (await client.AllPagesAsync(ApiRoutes.For(ListAuthorsRequest.Route), limit: 100)).Single(a => a.Id() == author.Id());
            Assert.That((string?)one["email"], sees ? Is.EqualTo("li.xue@example.com") : Is.Null, who);
            Assert.That((string?)listed["email"], sees ? Is.EqualTo("li.xue@example.com") : Is.Null, who + " in the list");
        }
    }
}
