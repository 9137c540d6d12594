using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Reliability;

/// <summary>A cheap summary of everything a write can change: row counts, version sums and last update times of the
/// content tables, read through a read-only connection of its own, and the files of the data directory. Two equal
/// fingerprints around a refused request prove it saved nothing. The audit log and the keys' last use are left out:
/// they record every request, refused ones too.</summary>
public sealed class DatabaseFingerprint : IDisposable
{
    const string Query = """
        SELECT 'articles', count(*), total(version), max(updated_at), max(id) FROM articles
        UNION ALL SELECT 'stations', count(*), total(version), max(updated_at), max(id) FROM stations
        UNION ALL SELECT 'channels', count(*), total(version), max(updated_at), max(id) FROM channels
        UNION ALL SELECT 'authors', count(*), total(version), max(updated_at), max(id) FROM authors
        UNION ALL SELECT 'media', count(*), total(version), max(updated_at), max(id) FROM media
        UNION ALL SELECT 'api_keys', count(*), count(revoked_at), max(created_at), max(id) FROM api_keys
        UNION ALL SELECT 'api_key_stations', count(*), total(station_id), NULL, max(key_id) FROM api_key_stations
        UNION ALL SELECT 'article_revisions', count(*), total(number), max(created_at), max(article_id) FROM article_revisions
        UNION ALL SELECT 'article_changes', count(*), total(article_id), max(due_at), max(seq) FROM article_changes
        UNION ALL SELECT 'article_bylines', count(*), total(author_id), NULL, max(article_id) FROM article_bylines
        UNION ALL SELECT 'article_tags', count(*), total(length(tag)), NULL, max(article_id) FROM article_tags
        UNION ALL SELECT 'article_media', count(*), total(media_id), NULL, max(article_id) FROM article_media
        UNION ALL SELECT 'article_inline_media', count(*), total(media_id), NULL, max(article_id) FROM article_inline_media
        UNION ALL SELECT 'article_facets', count(*), NULL, max(updated_at), max(article_id) FROM article_facets
        UNION ALL SELECT 'article_search', count(*), NULL, NULL, max(rowid) FROM article_search
        """;

    static readonly string[] DatabaseFiles = ["cms.db", "cms.db-wal", "cms.db-shm"];

    readonly SqliteConnection connection;
    readonly string dataDirectory;

    public DatabaseFingerprint(string dataDirectory)
    {
        this.dataDirectory = dataDirectory;
        var path = Path.Combine(dataDirectory, "cms.db");
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
    }

    /// <summary>One line per table and one for the files, so that a difference reads as what changed.</summary>
    public string Take()
    {
        var text = new StringBuilder();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Query;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(reader.GetString(0)).Append(": ");
                for (var i = 1; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "-" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append(' ');
                }
                text.AppendLine();
            }
        }
        var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dataDirectory, f))
            .Where(f => !DatabaseFiles.Contains(f))
            .Order(StringComparer.Ordinal);
        text.Append("files: ").AppendJoin(", ", files);
        return text.ToString();
    }

    /// <summary>The lines of two fingerprints that differ, for a failure message.</summary>
    public static string Difference(string before, string after) =>
        string.Join("\n", before.Split('\n').Zip(after.Split('\n')).Where(p => p.First != p.Second).Select(p => $"    {p.First} → {p.Second}"));

    public void Dispose() => connection.Dispose();
}
