using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Data;

public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>A migration that rebuilds a table (SQLite cannot alter a constraint in place) starts with this line: it
    /// then runs with foreign keys off, as SQLite's documented procedure requires, and is checked before it commits.</summary>
    public const string ForeignKeysOffDirective = "-- migrator: foreign-keys-off";

    public bool NeedsForeignKeysOff => Sql.TrimStart().StartsWith(ForeignKeysOffDirective, StringComparison.Ordinal);
}

public sealed class MigrationFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>Applies numbered SQL migrations in order, each in its own transaction, and records them.</summary>
public sealed partial class Migrator(DbLocation location, ILogger<Migrator> log)
{
    const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    const string HistoryExists = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')";

    const string ForeignKeyCheck = "PRAGMA foreign_key_check";

    const string SelectApplied = "SELECT version FROM schema_migrations";

    const string InsertApplied = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @appliedAt)";

    public IReadOnlyList<Migration> Migrations { get; init; } = LoadEmbedded();

    /// <returns>The migrations applied by this call.</returns>
    public IReadOnlyList<Migration> Apply()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(location.DatabasePath)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = location.DatabasePath,
            Pooling = false,
            ForeignKeys = true,
        }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;");
        var applied = connection.ExecuteScalar<bool>(HistoryExists) ? connection.Query<long>(SelectApplied).ToHashSet() : [];
        var done = new List<Migration>();
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            if (migration.NeedsForeignKeysOff) { connection.Execute("PRAGMA foreign_keys = OFF"); }
            using var tx = connection.BeginTransaction(deferred: false);
            try
            {
                connection.Execute(CreateHistory, transaction: tx);
                connection.Execute(migration.Sql, transaction: tx);
                if (migration.NeedsForeignKeysOff && connection.Query(ForeignKeyCheck, transaction: tx).Any())
                {
                    throw new SqliteException("the rebuilt tables break foreign keys (PRAGMA foreign_key_check found rows)", 19);
                }
                connection.Execute(InsertApplied,
                    new { migration.Version, migration.Name, appliedAt = Infrastructure.Timestamps.Format(DateTimeOffset.UtcNow) }, tx);
                tx.Commit();
            }
            catch (SqliteException ex)
            {
                tx.Rollback();
                connection.Execute("PRAGMA foreign_keys = ON");
                throw new MigrationFailedException(
                    $"Migration {migration.Version:D4}_{migration.Name} failed and was rolled back; the database " +
                    $"at {location.DatabasePath} is unchanged by it. SQLite said: {ex.Message}", ex);
            }
            connection.Execute("PRAGMA foreign_keys = ON");
            log.LogInformation("Applied migration {Version:D4}_{Name}", migration.Version, migration.Name);
            done.Add(migration);
        }
        return done;
    }

    static List<Migration> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success) { continue; }
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups[2].Value, reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) { throw new InvalidOperationException($"Two migrations share version {duplicate.Key}."); }
        return migrations.OrderBy(m => m.Version).ToList();
    }

    [GeneratedRegex(@"\.Migrations\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}
