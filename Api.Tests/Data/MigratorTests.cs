using Cms.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Data;

public sealed class MigratorTests
{
    string directory = null!;
    DbLocation location = null!;

    [SetUp]
    public void CreateTempDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "cms-tests", "migrator-" + Guid.NewGuid().ToString("N"));
        location = new DbLocation(directory);
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteTempDirectory()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory)) { Directory.Delete(directory, recursive: true); }
    }

    [Test]
    public void A_new_database_gets_every_embedded_migration_in_order()
    {
        var migrator = new Migrator(location, NullLogger<Migrator>.Instance);

        var applied = migrator.Apply();

        Assert.That(applied.Select(m => m.Version), Is.EqualTo(migrator.Migrations.Select(m => m.Version)).And.Ordered);
        Assert.That(applied, Is.Not.Empty);
        Assert.That(Tables(), Is.SupersetOf(new[] { "stations", "channels", "authors", "articles", "media", "api_keys", "schema_migrations" }));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(applied.Count));
    }

    [Test]
    public void A_second_start_applies_nothing()
    {
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();

        var second = new Migrator(location, NullLogger<Migrator>.Instance).Apply();

        Assert.That(second, Is.Empty);
    }

    [Test]
    public void The_database_is_in_WAL_mode()
    {
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();

        Assert.That(Scalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
    }

    [Test]
    public void A_failing_migration_leaves_the_database_as_it_was_and_says_which_one_failed()
    {
        var embedded = new Migrator(location, NullLogger<Migrator>.Instance);
        embedded.Apply();
        var broken = new Migrator(location, NullLogger<Migrator>.Instance)
        {
            Migrations = [.. embedded.Migrations, new Migration(9001, "add_polls", "CREATE TABLE polls (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);")],
        };

        var ex = Assert.Throws<MigrationFailedException>(() => broken.Apply());

        Assert.That(ex!.Message, Does.Contain("9001_add_polls").And.Contain("no_such_table"));
        Assert.That(Tables(), Does.Not.Contain("polls"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = 9001"), Is.Zero);
    }

    [Test]
    public void A_first_migration_that_fails_leaves_an_existing_database_file_untouched()
    {
        using (var c = Open()) { c.Execute("CREATE TABLE stations (legacy TEXT)"); }

        Assert.Throws<MigrationFailedException>(() => new Migrator(location, NullLogger<Migrator>.Instance).Apply());

        Assert.That(Tables(), Is.EqualTo(new[] { "stations" }));
    }

    [Test]
    public void Migrations_after_a_failing_one_are_not_applied()
    {
        var migrator = new Migrator(location, NullLogger<Migrator>.Instance)
        {
            Migrations =
            [
                new Migration(1, "first", "CREATE TABLE a (id INTEGER PRIMARY KEY);"),
                new Migration(2, "broken", "CREATE TABLE b (id INTEGER PRIMARY KEY); SELECT * FROM missing;"),
                new Migration(3, "third", "CREATE TABLE c (id INTEGER PRIMARY KEY);"),
            ],
        };

        Assert.Throws<MigrationFailedException>(() => migrator.Apply());

        Assert.That(Tables(), Does.Contain("a").And.Not.Contain("b").And.Not.Contain("c"));
        Assert.That(Scalar<long>("SELECT MAX(version) FROM schema_migrations"), Is.EqualTo(1));
    }

    List<string> Tables()
    {
        using var c = Open();
        return c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToList();
    }

    T Scalar<T>(string sql)
    {
        using var c = Open();
        return c.ExecuteScalar<T>(sql)!;
    }

    SqliteConnection Open()
    {
        var c = new SqliteConnection($"Data Source={location.DatabasePath};Pooling=False");
        c.Open();
        return c;
    }
}
