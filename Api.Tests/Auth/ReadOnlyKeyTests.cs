using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Auth;

/// <summary>A read-only key reads like any key, drafts included, and is refused every write, whatever its role.</summary>
public sealed class ReadOnlyKeyTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    static readonly string[] Writes =
    [
        "create_an_article", "replace_an_article", "patch_an_article", "trash_an_article", "publish_an_article", "unpublish_an_article",
        "archive_an_article", "restore_an_article_from_the_trash", "restore_an_article_revision", "delete_an_article_for_good",
        "create_a_station", "replace_a_station", "patch_a_station", "delete_a_station",
        "create_a_channel", "replace_a_channel", "patch_a_channel", "delete_a_channel",
        "create_an_author", "replace_an_author", "patch_an_author", "delete_an_author",
        "upload_a_medium", "replace_a_medium", "patch_a_medium", "delete_a_medium",
        "create_a_key", "revoke_a_key",
    ];

    public static IEnumerable<TestCaseData> AdminWrites() =>
        Writes.Select(write => new TestCaseData(write).SetName($"A_read_only_admin_key_may_not_{write}"));

    public static IEnumerable<TestCaseData> OwnDraftWrites() =>
        from role in new[] { "contributor", "author", "editor" }
        from write in new[] { "create_an_article", "replace_an_article", "trash_an_article", "upload_a_medium" }
        select new TestCaseData(role, write).SetName($"A_read_only_{role}_key_may_not_{write}_even_where_its_role_could");

    [TestCaseSource(nameof(AdminWrites))]
    public async Task A_read_only_key_is_refused_every_write_and_nothing_changes(string write)
    {
        var key = await Admin.KeyAsync("admin", readOnly: true);
        using var client = ClientWithKey(key.Secret);
        var target = await ArrangeAsync(write, authorId: null);
        var before = await target.Observe();

        var res = await target.Act(client);

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("read-only"));
        Assert.That(await target.Observe(), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(OwnDraftWrites))]
    public async Task A_read_only_key_is_refused_what_its_role_could_otherwise_do(string role, string write)
    {
        var author = await Given.AuthorAsync("李雪");
        var key = await Admin.KeyAsync(role, authorId: author.Id(), readOnly: true);
        using var client = ClientWithKey(key.Secret);
        var target = await ArrangeAsync(write, authorId: author.Id());
        var before = await target.Observe();

        var res = await target.Act(client);

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("read-only"));
        Assert.That(await target.Observe(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_read_only_key_reads_drafts_by_id_and_in_lists()
    {
        var section = await Given.SectionAsync();
        var draft = await Given.ArticleAsync(title: "尚未发布的稿件", status: "draft", section: section);
        var key = await Admin.KeyAsync("contributor", readOnly: true);
        using var client = ClientWithKey(key.Secret);

        var one = await client.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));
        var list = await client.ItemsAsync($"station={section.StationId}");

        Assert.That((string?)(await one.ExpectJsonAsync(HttpStatusCode.OK))["title"], Is.EqualTo("尚未发布的稿件"));
        Assert.That(list.Ids(), Is.EqualTo(new[] { draft.Id() }));
    }

    [Test]
    public async Task A_read_only_editor_key_reads_the_trash_and_revisions()
    {
        var article = await Given.ArticleAsync(status: "draft");
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        await Admin.DeleteAsync(url);
        var key = await Admin.KeyAsync("editor", readOnly: true);
        using var client = ClientWithKey(key.Secret);

        var trash = await client.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);
        var revisions = await client.GetAsync($"{url}/revisions");

        Assert.That(trash.Select(a => (long)a["id"]!), Does.Contain(article.Id()));
        await revisions.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_read_only_admin_key_reads_the_keys_and_the_audit_log()
    {
        var key = await Admin.KeyAsync("admin", readOnly: true);
        using var client = ClientWithKey(key.Secret);

        var keys = await client.GetAsync(AccessApi.KeysPath);
        var audit = await client.GetAsync(ApiRoutes.For(ListAuditRequest.Route));

        await keys.ExpectJsonAsync(HttpStatusCode.OK);
        await audit.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A write, and what an admin sees of the thing it writes.</summary>
    sealed record Target(Func<HttpClient, Task<HttpResponseMessage>> Act, Func<Task<string>> Observe);

    /// <summary>The thing a write changes, made for the test; with an author, the article carries that author's byline.</summary>
    async Task<Target> ArrangeAsync(string write, long? authorId)
    {
        switch (write)
        {
            case "create_an_article":
            {
                var section = await Given.SectionAsync();
                return new(c => c.PostJsonAsync(ArticleApi.Path, NewArticle(section, authorId)),
                    async () => (await Admin.CountInSectionAsync(section)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            case "replace_an_article" or "patch_an_article" or "trash_an_article" or "publish_an_article" or "unpublish_an_article"
                or "archive_an_article" or "restore_an_article_from_the_trash" or "restore_an_article_revision" or "delete_an_article_for_good":
            {
                var section = await Given.SectionAsync();
                var article = await Given.ArticleAsync(status: write == "unpublish_an_article" ? "published" : "draft", section: section,
                    bylines: authorId is null ? null : [new { authorId, role = "correspondent" }]);
                var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
                await (await Admin.MergePatchAsync(url, new { summary = "第二版" })).ExpectJsonAsync(HttpStatusCode.OK);
                if (write == "restore_an_article_from_the_trash") { await Admin.DeleteAsync(url); }
                return new(c => write switch
                {
                    "replace_an_article" => c.PutJsonAsync(url, NewArticle(section, authorId)),
                    "patch_an_article" => c.MergePatchAsync(url, new { title = "不应保存的标题" }),
                    "trash_an_article" => c.DeleteAsync(url),
                    "publish_an_article" => c.PostJsonAsync($"{url}/publish", new { }),
                    "unpublish_an_article" => c.PostAsync($"{url}/unpublish", null),
                    "archive_an_article" => c.PostAsync($"{url}/archive", null),
                    "restore_an_article_from_the_trash" => c.PostAsync($"{url}/restore", null),
                    "restore_an_article_revision" => c.PostAsync($"{url}/revisions/1/restore", null),
                    _ => c.DeleteAsync($"{url}?permanent=true"),
                }, () => Admin.SnapshotTextAsync(url));
            }
            case "create_a_station":
                return new(c => c.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("baicheng"), name = "白城站" }),
                    () => Admin.SlugsTextAsync(ApiRoutes.For(ListStationsRequest.Route)));
            case "replace_a_station" or "patch_a_station" or "delete_a_station":
            {
                var station = await Given.StationAsync();
                var url = ApiRoutes.For(GetStationRequest.Route, station["id"]!);
                return new(c => write switch
                {
                    "replace_a_station" => c.PutJsonAsync(url, new { slug = (string)station["slug"]!, name = "白城站" }),
                    "patch_a_station" => c.MergePatchAsync(url, new { name = "白城站" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url));
            }
            case "create_a_channel":
            {
                var station = await Given.StationAsync();
                var url = ApiRoutes.For(CreateChannelRequest.Route, station["id"]!);
                return new(c => c.PostJsonAsync(url, new { slug = Given.UniqueSlug("shizheng"), name = "时政" }), () => Admin.SlugsTextAsync(url));
            }
            case "replace_a_channel" or "patch_a_channel" or "delete_a_channel":
            {
                var station = await Given.StationAsync();
                var channel = await Given.ChannelAsync((long)station["id"]!);
                var url = ApiRoutes.For(GetChannelRequest.Route, channel["id"]!);
                return new(c => write switch
                {
                    "replace_a_channel" => c.PutJsonAsync(url, new { slug = (string)channel["slug"]!, name = "时政" }),
                    "patch_a_channel" => c.MergePatchAsync(url, new { name = "时政" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url));
            }
            case "create_an_author":
                return new(c => c.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug = Given.UniqueSlug("mu-wenshu"), name = "穆汶姝" }),
                    () => Admin.SlugsTextAsync(ApiRoutes.For(ListAuthorsRequest.Route)));
            case "replace_an_author" or "patch_an_author" or "delete_an_author":
            {
                var author = await Given.AuthorAsync("穆汶姝");
                var url = ApiRoutes.For(GetAuthorRequest.Route, author["id"]!);
                return new(c => write switch
                {
                    "replace_an_author" => c.PutJsonAsync(url, new { slug = (string)author["slug"]!, name = "李雪" }),
                    "patch_an_author" => c.MergePatchAsync(url, new { name = "李雪" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url));
            }
            case "upload_a_medium":
                return new(c => Given.UploadAsync(TestImages.Jpeg(), "mmexport1704177120277.jpg", client: c),
                    async () => string.Join(",", (await Admin.AllPagesAsync(ApiRoutes.For(ListMediaRequest.Route), limit: 100)).Select(m => (long)m["id"]!)));
            case "replace_a_medium" or "patch_a_medium" or "delete_a_medium":
            {
                var medium = await Given.MediaAsync(caption: "原说明");
                var url = ApiRoutes.For(GetMediaRequest.Route, medium["id"]!);
                return new(c => write switch
                {
                    "replace_a_medium" => c.PutJsonAsync(url, new { caption = "新说明" }),
                    "patch_a_medium" => c.MergePatchAsync(url, new { caption = "新说明" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url));
            }
            case "create_a_key":
                return new(c => c.PostJsonAsync(AccessApi.KeysPath, new { name = Given.UniqueSlug("key"), role = "admin" }),
                    async () => string.Join(",", (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Select(k => (long)k["id"]!)));
            case "revoke_a_key":
            {
                var target = await Admin.KeyAsync("contributor");
                var url = ApiRoutes.For(GetKeyRequest.Route, target.Id);
                return new(c => c.DeleteAsync(url), () => Admin.SnapshotTextAsync(url));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(write), write, null);
        }
    }

    static object NewArticle((long StationId, long ChannelId) section, long? authorId) => new
    {
        title = "长岭县开展青年志愿服务活动", bodyHtml = "<p>近日,长岭县团委组织青年志愿者走进社区。</p>",
        stationId = section.StationId, channelId = section.ChannelId,
        bylines = authorId is null ? Array.Empty<object>() : [new { authorId, role = "correspondent" }],
    };
}
