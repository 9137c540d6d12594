using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Maintenance;
using Cms.Api.Features.Media;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Features.Sync;

/// <summary>A sync token names the database it came from. A restore from a backup, a copy of the database file or another
/// database refuses it with 410 instead of reading it against other change numbers, and ids are never given twice, so an
/// app never keeps an article that no longer exists, nor an old title under a reused id.</summary>
public sealed class SyncIdentityTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    static readonly string Path = ApiRoutes.For(SyncArticlesRequest.Route);

    readonly string copies = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cms-tests", "sync-copies-" + Guid.NewGuid().ToString("N"));

    [Test]
    public async Task After_a_restore_from_a_backup_older_tokens_are_a_410_and_a_sync_from_the_start_holds_the_restored_articles()
    {
        var section = await Given.SectionAsync();
        var kept = await Given.ArticleAsync(section: section, title: "备份前发布的新闻");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var beforeBackup = app.Token!;
        var backup = await Factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDirectory(), CancellationToken.None);
        var lost = await Given.ArticleAsync(section: section, title: "备份后发布、恢复后丢失的新闻");
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, kept.Id()))).EnsureSuccessStatusCodeAsync();
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Contain(lost.Id()).And.Not.Contain(kept.Id()));

        var restored = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cms:DataDirectory"] = backup.Directory });
        using var reader = restored.CreateClient();
        using var editor = restored.CreateClient();
        editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        var afterRestore = await new Given(editor).ArticleAsync(section: section, title: "恢复后发布的新闻");

        foreach (var token in new[] { beforeBackup, app.Token! })
        {
            var problem = await (await reader.GetAsync($"{Path}?since={Uri.EscapeDataString(token)}")).ExpectProblemAsync(ProblemTypes.SyncRestartRequired);
            Assert.That((int)problem["status"]!, Is.EqualTo(410));
            Assert.That((string?)problem["detail"], Does.Contain("without since"));
        }
        var again = new SyncingApp(reader);
        await again.SyncAsync();
        var published = (await reader.AllPagesAsync(ArticleApi.Path, 100)).Select(a => a.Id()).ToList();
        Assert.That(again.Articles.Keys, Is.EquivalentTo(published));
        Assert.That(again.Articles.Keys, Does.Contain(kept.Id()).And.Contain(afterRestore.Id()));
        Assert.That((string?)again.Articles[afterRestore.Id()]["title"], Is.EqualTo("恢复后发布的新闻"));
        Assert.That(await again.SyncAsync(), Is.Empty, "a token of the restored database works there");
    }

    [Test]
    public async Task A_token_from_another_database_is_a_410()
    {
        await Given.ArticleAsync(section: await Given.SectionAsync(), title: "另一个数据库的新闻");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var other = await TestHosts.StartAsync(new Dictionary<string, string?>());
        using var reader = other.CreateClient();

        var res = await reader.GetAsync($"{Path}?since={Uri.EscapeDataString(app.Token!)}");

        await res.ExpectProblemAsync(ProblemTypes.SyncRestartRequired);
    }

    [Test]
    public async Task A_token_read_by_a_server_started_on_a_copy_of_the_database_file_is_a_410()
    {
        await Given.ArticleAsync(section: await Given.SectionAsync(), title: "复制前的新闻");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var copy = NewDirectory();
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "cms.db", "cms.db-wal" }.Where(f => File.Exists(System.IO.Path.Combine(Factory.DataDirectory, f))))
        {
            File.Copy(System.IO.Path.Combine(Factory.DataDirectory, file), System.IO.Path.Combine(copy, file));
        }

        var copied = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cms:DataDirectory"] = copy });
        using var reader = copied.CreateClient();
        var res = await reader.GetAsync($"{Path}?since={Uri.EscapeDataString(app.Token!)}");

        await res.ExpectProblemAsync(ProblemTypes.SyncRestartRequired);
        await (await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(app.Token!)}")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_token_naming_a_change_this_database_never_issued_is_a_410()
    {
        var log = Factory.Services.GetRequiredService<SyncLog>();
        var codec = Factory.Services.GetRequiredService<CursorCodec>();
        var issued = (await log.ReadAsync(0, 1, SyncScope.Everything, CancellationToken.None)).IssuedSeq;
        var ahead = codec.Encode(SyncArticlesEndpoint.TokenScope, await log.DatabaseIdentityAsync(CancellationToken.None), "", "",
            (issued + 1000).ToString(CultureInfo.InvariantCulture));

        var res = await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(ahead)}");

        await res.ExpectProblemAsync(ProblemTypes.SyncRestartRequired);
    }

    [Test]
    public async Task A_token_from_before_tokens_named_their_database_is_a_410()
    {
        var old = Factory.Services.GetRequiredService<CursorCodec>().Encode(SyncArticlesEndpoint.TokenScope, "1");

        var res = await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(old)}");

        await res.ExpectProblemAsync(ProblemTypes.SyncRestartRequired);
    }

    [Test]
    public async Task An_article_created_after_the_newest_one_was_deleted_for_good_gets_a_new_id()
    {
        var section = await Given.SectionAsync();
        var first = await Given.ArticleAsync(section: section, title: "将被永久删除的新闻");
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, first.Id()) + "?permanent=true")).EnsureSuccessStatusCodeAsync();
        await (await Admin.GetAsync(first.Url())).ExpectProblemAsync(HttpStatusCode.NotFound);

        var second = await Given.ArticleAsync(section: section, title: "永久删除之后的新闻");

        Assert.That(second.Id(), Is.GreaterThan(first.Id()));
    }

    [Test]
    public async Task Importing_the_id_of_an_article_deleted_for_good_is_a_conflict_naming_the_id()
    {
        var section = await Given.SectionAsync();
        var imported = await Given.ArticleAsync(section: section, title: "导入的旧文章", id: 2_000_317);
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, imported.Id()) + "?permanent=true")).EnsureSuccessStatusCodeAsync();
        var again = ArticleApi.Body(section, "另一篇文章");
        again["id"] = imported.Id();

        var res = await Admin.PostJsonAsync(ArticleApi.Path, again);

        var problem = await res.ExpectProblemAsync(ProblemTypes.Duplicate);
        Assert.That(problem.ErrorsFor("id"), Has.Some.Contains("2000317").And.Some.Contains("deleted for good"));
    }

    [Test]
    public async Task A_medium_uploaded_after_the_newest_one_was_deleted_gets_a_new_id()
    {
        var first = await Given.MediaAsync(TestImages.Jpeg(40, 30));
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, first.Id()))).EnsureSuccessStatusCodeAsync();

        var second = await Given.MediaAsync(TestImages.Jpeg(40, 30));

        Assert.That(second.Id(), Is.GreaterThan(first.Id()));
    }

    [Test]
    public async Task A_sync_answers_while_a_writer_holds_the_database()
    {
        await Given.ArticleAsync(section: await Given.SectionAsync(), title: "写入时同步");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        await using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={System.IO.Path.Combine(Factory.DataDirectory, "cms.db")};Pooling=False");
        await writer.OpenAsync();
        await using var held = writer.BeginTransaction(deferred: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var res = await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(app.Token!)}", timeout.Token);

        await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public void RemoveCopies()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(copies)) { Directory.Delete(copies, recursive: true); }
    }

    string NewDirectory() => System.IO.Path.Combine(copies, Guid.NewGuid().ToString("N"));
}
