using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Audit;

/// <summary>GET /api/v1/audit: every write made with a valid key, answered or refused, with who made it, what it was and
/// how it ended (writes without a valid key: <see cref="AuditFloodingTests"/>).</summary>
public sealed class AuditTests : ApiFixture
{
    static readonly string Path = ApiRoutes.For(ListAuditRequest.Route);

    [Test]
    public async Task A_successful_write_is_recorded_with_the_key_its_role_the_method_path_operation_and_status()
    {
        var (editor, keyId) = await KeyClientAsync("editor", "编辑 王芳");
        var section = await Given.SectionAsync();

        var created = await editor.PostJsonAsync(ArticleApi.Path, ArticleApi.Body(section, "松原市举办青年创业分享会"));

        await created.ExpectJsonAsync(HttpStatusCode.Created);
        var entry = (await EntriesOfAsync(keyId)).Single();
        Assert.That((long?)entry["keyId"], Is.EqualTo(keyId));
        Assert.That((string?)entry["keyName"], Is.EqualTo("编辑 王芳"));
        Assert.That((string?)entry["role"], Is.EqualTo("editor"));
        Assert.That((string?)entry["method"], Is.EqualTo("POST"));
        Assert.That((string?)entry["path"], Is.EqualTo("/api/v1/articles"));
        Assert.That((string?)entry["operation"], Is.EqualTo("CreateArticle"));
        Assert.That((int?)entry["status"], Is.EqualTo(201));
        Assert.That(entry["at"], Is.Not.Null);
        Assert.That((long?)entry["id"], Is.Positive);
    }

    [Test]
    public async Task A_write_refused_for_the_keys_role_is_recorded_with_403()
    {
        var (contributor, keyId) = await KeyClientAsync("contributor");
        var article = await Given.ArticleAsync(status: "draft");

        var res = await contributor.PostJsonAsync(ApiRoutes.For(PublishArticleRequest.Route, article.Id()), new { });

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var entry = (await EntriesOfAsync(keyId)).Single();
        Assert.That((string?)entry["role"], Is.EqualTo("contributor"));
        Assert.That((string?)entry["method"], Is.EqualTo("POST"));
        Assert.That((string?)entry["path"], Is.EqualTo($"/api/v1/articles/{article.Id()}/publish"));
        Assert.That((string?)entry["operation"], Is.EqualTo("PublishArticle"));
        Assert.That((int?)entry["status"], Is.EqualTo(403));
    }

    [Test]
    public async Task A_write_with_an_unknown_key_is_refused_with_401_and_not_recorded()
    {
        var article = await Given.ArticleAsync();
        using var stranger = StrictClientWithKey("cms_this-key-was-never-issued");
        var path = ApiRoutes.For(UnpublishArticleEndpoint.Route, article.Id());

        var res = await stranger.PostEmptyAsync(path);

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((await Admin.AllPagesAsync(Path, limit: 100)).Select(e => (string?)e["path"]), Has.No.Member(path));
    }

    [Test]
    public async Task A_write_with_a_stale_ETag_is_recorded_with_412()
    {
        var (editor, keyId) = await KeyClientAsync("editor");
        var article = await Given.ArticleAsync();
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        var (_, stale) = await Admin.ReadAsync(url);
        await (await Admin.MergePatchAsync(url, new { summary = "另一位编辑的修改" })).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await editor.MergePatchAsync(url, new { title = "新标题" }, stale);

        await res.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var entry = (await EntriesOfAsync(keyId)).Single();
        Assert.That((string?)entry["method"], Is.EqualTo("PATCH"));
        Assert.That((string?)entry["path"], Is.EqualTo(url));
        Assert.That((string?)entry["operation"], Is.EqualTo("PatchArticle"));
        Assert.That((int?)entry["status"], Is.EqualTo(412));
    }

    [Test]
    public async Task A_write_refused_as_a_conflict_is_recorded_with_409()
    {
        var (editor, keyId) = await KeyClientAsync("editor");
        var draft = await Given.ArticleAsync(status: "draft");
        var path = ApiRoutes.For(UnpublishArticleEndpoint.Route, draft.Id());

        var res = await editor.PostEmptyAsync(path);

        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        var entry = (await EntriesOfAsync(keyId)).Single();
        Assert.That((string?)entry["path"], Is.EqualTo(path));
        Assert.That((string?)entry["operation"], Is.EqualTo("UnpublishArticle"));
        Assert.That((int?)entry["status"], Is.EqualTo(409));
    }

    [Test]
    public async Task A_write_without_If_Match_is_recorded_with_428()
    {
        var (secret, keyId) = await KeyAsync("editor");
        using var editor = StrictClientWithKey(secret);
        var article = await Given.ArticleAsync();

        var res = await editor.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()));

        await res.ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        var entry = (await EntriesOfAsync(keyId)).Single();
        Assert.That((string?)entry["method"], Is.EqualTo("DELETE"));
        Assert.That((string?)entry["operation"], Is.EqualTo("DeleteArticle"));
        Assert.That((int?)entry["status"], Is.EqualTo(428));
    }

    [Test]
    public async Task A_write_that_fails_validation_is_recorded_with_400()
    {
        var (editor, keyId) = await KeyClientAsync("editor");
        var article = await Given.ArticleAsync();
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());

        var res = await editor.MergePatchAsync(url, new { title = "" });

        await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var entry = (await EntriesOfAsync(keyId)).Single();
        Assert.That((string?)entry["path"], Is.EqualTo(url));
        Assert.That((string?)entry["operation"], Is.EqualTo("PatchArticle"));
        Assert.That((int?)entry["status"], Is.EqualTo(400));
    }

    [Test]
    public async Task The_query_string_of_a_write_is_part_of_the_recorded_path()
    {
        var article = await Given.ArticleAsync();
        var url = $"{ApiRoutes.For(DeleteArticleRequest.Route, article.Id())}?permanent=true";

        await (await Admin.DeleteAsync(url)).ExpectNoContentAsync();

        var entry = (await Admin.AllPagesAsync(Path, limit: 100)).First(e => ((string?)e["path"])?.StartsWith(url, StringComparison.Ordinal) == true);
        Assert.That((string?)entry["path"], Is.EqualTo(url));
        Assert.That((string?)entry["keyName"], Is.EqualTo("bootstrap admin"));
        Assert.That((string?)entry["role"], Is.EqualTo("admin"));
        Assert.That((int?)entry["status"], Is.EqualTo(204));
    }

    [Test]
    public async Task Reads_are_not_recorded()
    {
        var (editor, keyId) = await KeyClientAsync("editor");
        var article = await Given.ArticleAsync(status: "draft");

        await (await editor.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.GetAsync($"{ArticleApi.Path}?limit=5")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.GetAsync(ApiRoutes.For(ListRevisionsRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.GetAsync(ApiRoutes.For(ListTrashRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(await EntriesOfAsync(keyId), Is.Empty);
    }

    [Test]
    public async Task The_audit_lists_the_newest_write_first_and_pages_through_every_write_once()
    {
        var (editor, keyId) = await KeyClientAsync("editor");
        var section = await Given.SectionAsync();
        var paths = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var article = await Given.ArticleAsync(section: section, status: "draft");
            var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
            await (await editor.MergePatchAsync(url, new { summary = $"第{i}次修改" })).ExpectJsonAsync(HttpStatusCode.OK);
            paths.Add(url);
        }

        var entries = await Admin.AllPagesAsync($"{Path}?keyId={keyId}", limit: 2);

        Assert.That(entries.Select(e => (string?)e["path"]), Is.EqualTo(Enumerable.Reverse(paths)));
        Assert.That(entries.Select(e => (long)e["id"]!), Is.Ordered.Descending.And.Unique);
        Assert.That(entries.Select(e => (DateTime)e["at"]!), Is.Ordered.Descending);
    }

    [Test]
    public async Task The_audit_filtered_by_key_shows_only_that_keys_writes()
    {
        var (first, firstId) = await KeyClientAsync("editor");
        var (second, secondId) = await KeyClientAsync("editor");
        var article = await Given.ArticleAsync();
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        await (await first.MergePatchAsync(url, new { summary = "甲的修改" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await second.MergePatchAsync(url, new { summary = "乙的修改" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await first.MergePatchAsync(url, new { summary = "甲的第二次修改" })).ExpectJsonAsync(HttpStatusCode.OK);

        var firsts = await EntriesOfAsync(firstId);
        var seconds = await EntriesOfAsync(secondId);

        Assert.That(firsts, Has.Count.EqualTo(2));
        Assert.That(firsts.Select(e => (long?)e["keyId"]), Is.All.EqualTo(firstId));
        Assert.That(seconds, Has.Count.EqualTo(1));
        Assert.That((long?)seconds[0]["keyId"], Is.EqualTo(secondId));
    }

    [TestCase("editor")]
    [TestCase("author")]
    [TestCase("contributor")]
    public async Task Only_admins_may_read_the_audit(string role)
    {
        var (client, _) = await KeyClientAsync(role);

        var res = await client.GetAsync(Path);

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task The_public_may_not_read_the_audit()
    {
        var res = await Anonymous.GetAsync(Path);

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>Every recorded write of one key, newest first.</summary>
    async Task<List<JsonNode>> EntriesOfAsync(long keyId) => await Admin.AllPagesAsync($"{Path}?keyId={keyId}", limit: 100);

    async Task<(string Secret, long Id)> KeyAsync(string role, string? name = null)
    {
        var (id, secret) = await Admin.KeyAsync(role, name: name);
        return (secret, id);
    }

    async Task<(HttpClient Client, long KeyId)> KeyClientAsync(string role, string? name = null)
    {
        var (client, key) = await NewKeyClientAsync(role, name: name);
        return (client, key.Id);
    }
}
