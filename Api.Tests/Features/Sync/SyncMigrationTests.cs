using Cms.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Features.Sync;

/// <summary>Migration 0005 on a database that holds data: every row and reference survives the table rebuilds, the search
/// index and sync log are untouched, ids go on above every id ever given, and a tombstone stays for what may have been public.</summary>
public sealed class SyncMigrationTests
{
    string directory = null!;
    DbLocation location = null!;

    [SetUp]
    public void CreateDatabaseBeforeMigration5()
    {
        directory = Path.Combine(Path.GetTempPath(), "cms-tests", "migration5-" + Guid.NewGuid().ToString("N"));
        location = new DbLocation(directory);
        var all = new Migrator(location, NullLogger<Migrator>.Instance).Migrations;
        new Migrator(location, NullLogger<Migrator>.Instance) { Migrations = all.Where(m => m.Version < 5).ToList() }.Apply();
        using var c = Open();
        c.Execute("""
            INSERT INTO stations (id, slug, name, created_at, updated_at) VALUES (1, 'songyuan', '松原站', 'x', 'x'), (2, 'changchun', '长春站', 'x', 'x');
            INSERT INTO channels (id, station_id, slug, name, created_at, updated_at) VALUES (10, 1, 'yaowen', '要闻', 'x', 'x');
            INSERT INTO media (id, storage_name, original_sha256, file_name, content_type, byte_size, sha256, created_at, updated_at)
            VALUES (5, 'ab/cd.jpg', 's', 'mmexport1704177120277.jpg', 'image/jpeg', 1, 's', 'x', 'x');
            INSERT INTO authors (id, slug, name, avatar_media_id, created_at, updated_at) VALUES (3, 'li-xue', '李雪', 5, 'x', 'x');
            INSERT INTO api_keys (id, name, prefix, key_hash, role, created_at, author_id) VALUES (7, 'editor', 'cms_x', 'h', 'editor', 'x', 3);
            INSERT INTO articles (id, station_id, channel_id, title, status, published_at, cover_media_id, created_at, updated_at, created_by_key_id)
            VALUES (3808167, 1, 10, '共青团长岭县委全面发力', 'published', '2024-01-02T06:36:00.000Z', 5, 'x', 'x', 7),
                   (3808168, 1, 10, '草稿', 'draft', NULL, NULL, 'x', 'x', 7),
                   (3808169, 1, 10, '撤回的新闻', 'draft', '2024-01-02T06:36:00.000Z', NULL, 'x', 'x', 7);
            INSERT INTO article_bylines (article_id, position, author_id, role) VALUES (3808167, 0, 3, 'correspondent');
            INSERT INTO article_media (article_id, position, media_id) VALUES (3808167, 0, 5);
            INSERT INTO article_search (rowid, title) VALUES (3808167, '共青 青团');
            INSERT INTO article_changes (article_id) VALUES (3808167), (3808168), (3808169), (3808170);
            """);
    }

    [TearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory)) { Directory.Delete(directory, recursive: true); }
    }

    [Test]
    public void Rows_references_and_the_search_index_survive_the_rebuilds()
    {
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();

        using var c = Open();
        Assert.That(c.ExecuteScalar<string>("SELECT title FROM articles WHERE id = 3808167"), Is.EqualTo("共青团长岭县委全面发力"));
        Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM articles"), Is.EqualTo(3));
        Assert.That(c.ExecuteScalar<string>("SELECT sort_at FROM articles WHERE id = 3808167"), Is.EqualTo("2024-01-02T06:36:00.000Z"));
        Assert.That(c.ExecuteScalar<long>("SELECT avatar_media_id FROM authors WHERE id = 3"), Is.EqualTo(5));
        Assert.That(c.ExecuteScalar<long>("SELECT author_id FROM api_keys WHERE id = 7"), Is.EqualTo(3));
        Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM article_search WHERE article_search MATCH '青团'"), Is.EqualTo(1));
        Assert.That(c.Query("PRAGMA foreign_key_check"), Is.Empty);
        Assert.That(c.ExecuteScalar<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
        Assert.That(c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'"),
            Does.Contain("ix_articles_public").And.Contain("ix_articles_trash").And.Contain("ix_articles_station_sort"));
        foreach (var table in new[] { "stations", "channels", "authors", "media", "api_keys", "articles" })
        {
            Assert.That(c.ExecuteScalar<string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }),
                Does.Contain("AUTOINCREMENT"), table);
        }
    }

    [Test]
    public void New_ids_go_on_above_every_id_given_before_also_one_deleted_for_good()
    {
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();

        using var c = Open();
        var article = c.ExecuteScalar<long>("INSERT INTO articles (station_id, channel_id, title, status, created_at, updated_at) VALUES (1, 10, 't', 'draft', 'x', 'x') RETURNING id");
        c.Execute("DELETE FROM stations WHERE id = 2");
        var station = c.ExecuteScalar<long>("INSERT INTO stations (slug, name, created_at, updated_at) VALUES ('s', 's', 'x', 'x') RETURNING id");

        Assert.That(article, Is.EqualTo(3808171), "article 3808170 was deleted before the migration, and a tombstone may name it");
        Assert.That(station, Is.EqualTo(3));
    }

    [Test]
    public void Articles_that_may_have_been_public_keep_their_tombstone_and_a_draft_without_a_publish_time_gets_none()
    {
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();

        using var c = Open();
        var scopes = c.Query<(long, long, long)>("SELECT article_id, station_id, channel_id FROM article_sync_scopes ORDER BY article_id").ToList();
        Assert.That(scopes, Is.EqualTo(new[] { (3808167L, 1L, 10L), (3808169L, 0L, 0L), (3808170L, 0L, 0L) }));
    }

    SqliteConnection Open()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location.DatabasePath, Pooling = false }.ToString());
        c.Open();
        return c;
    }
}
