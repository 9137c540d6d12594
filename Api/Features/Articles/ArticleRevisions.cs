using System.Text.Json;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Articles;

public sealed class RevisionByline
{
    public long AuthorId { get; init; }
    [WireValues(typeof(BylineRoles), nameof(BylineRoles.Names))]
    public string Role { get; init; } = "";
}

public sealed class RevisionMedia
{
    public long MediaId { get; init; }
    public string? Caption { get; init; }
}

/// <summary>The full content of an article at one revision, in the shape of a write.</summary>
public sealed class RevisionContent
{
    public string Title { get; init; } = "";
    public string? Subtitle { get; init; }
    public string? Summary { get; init; }
    public string BodyHtml { get; init; } = "";
    public long StationId { get; init; }
    public long ChannelId { get; init; }

    [System.ComponentModel.Description("The stored state: draft, published, archived or trashed.")]
    [WireValues(typeof(ArticleStatusText), nameof(ArticleStatusText.Stored))]
    public string Status { get; init; } = "";

    public string? PublishedAt { get; init; }
    public string? Source { get; init; }
    public string? Credit { get; init; }
    public IReadOnlyList<RevisionByline> Bylines { get; set; } = [];
    public IReadOnlyList<string> Tags { get; set; } = [];
    public long? CoverMediaId { get; init; }
    public IReadOnlyList<RevisionMedia> Media { get; set; } = [];
}

public sealed record RevisionRow(long ArticleId, long Number, string CreatedAt, string Action, long? KeyId, string? KeyName, long? AuthorId, string Content);

/// <summary>Every change to an article stores its full content as a numbered revision, in the change's transaction.</summary>
public static class ArticleRevisions
{
    const string SelectContent = """
        SELECT title, subtitle, summary, body_html, station_id, channel_id, status, published_at, source, credit, cover_media_id
        FROM articles WHERE id = @id;
        SELECT author_id, role FROM article_bylines WHERE article_id = @id ORDER BY position;
        SELECT tag FROM article_tags WHERE article_id = @id ORDER BY position;
        SELECT media_id, caption FROM article_media WHERE article_id = @id ORDER BY position;
        """;

    const string NextNumber = "SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = @id";

    const string Insert = """
        INSERT INTO article_revisions (article_id, number, created_at, action, key_id, key_name, author_id, content)
        VALUES (@id, @number, @now, @action, @keyId, @keyName, @authorId, @content)
        """;

    const string Columns = "article_id, number, created_at, action, key_id, key_name, author_id, content";

    public const string SelectRevisionPage = $"""
        SELECT {Columns} FROM article_revisions
        WHERE article_id = @id AND (@before IS NULL OR number < @before)
        ORDER BY number DESC
        LIMIT @take
        """;

    public const string SelectOne = $"SELECT {Columns} FROM article_revisions WHERE article_id = @id AND number = @number";

    /// <summary>The article's content as it now stands, or null when there is no such article.</summary>
    public static async Task<RevisionContent?> ReadContentAsync(SqliteConnection c, SqliteTransaction? tx, long id, CancellationToken ct)
    {
        await using var grid = await c.QueryMultipleAsync(new CommandDefinition(SelectContent, new { id }, tx, cancellationToken: ct));
        var content = await grid.ReadSingleOrDefaultAsync<RevisionContent>();
        if (content is null) { return null; }
        content.Bylines = (await grid.ReadAsync<RevisionByline>()).ToList();
        content.Tags = (await grid.ReadAsync<string>()).ToList();
        content.Media = (await grid.ReadAsync<RevisionMedia>()).ToList();
        return content;
    }

    /// <summary>Stores <paramref name="content"/> (the article as it now stands) as the article's next revision.</summary>
    public static async Task RecordAsync(SqliteConnection c, SqliteTransaction tx, long id, RevisionContent content, string action, Actor actor,
        string now, CancellationToken ct)
    {
        var number = await c.ExecuteScalarAsync<long>(new CommandDefinition(NextNumber, new { id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(Insert, new
        {
            id,
            number,
            now,
            action,
            keyId = actor.KeyId,
            keyName = actor.KeyName,
            authorId = actor.AuthorId,
            content = JsonSerializer.Serialize(content, Json.Options),
        }, tx, cancellationToken: ct));
    }

    public static RevisionContent Parse(string content) => JsonSerializer.Deserialize<RevisionContent>(content, Json.Options)!;
}
