using Cms.Api.Data;
using Cms.Api.Features.Articles;
using Dapper;

namespace Cms.Api.Features.Tags;

/// <summary>A tag and how many public articles carry it. (Properties, not a constructor: SQLite gives an empty result's
/// count column no type, which Dapper's constructor matching cannot map.)</summary>
public sealed class TagCount
{
    public required string Name { get; init; }
    public required long Articles { get; init; }
}

/// <summary>Tags as a whole: the public tag list, and renaming, merging and removing a tag across articles. A change to
/// an article's tags is a change of the article like any other: a new version and revision, the search index, sync.</summary>
public sealed class TagRepository(Db db)
{
    // Tags are compared without case (the column is COLLATE NOCASE, so its index serves); the article index rows (article_facets) hold them lowercased.
    const string PublicCounts = """
        SELECT (SELECT t.tag FROM article_tags t WHERE t.tag = substr(f.facet, 5) LIMIT 1) AS Name, count(*) AS Articles
        FROM article_facets f
        WHERE f.facet >= 'tag:' AND f.facet < 'tag;' AND f.status = 'published' AND f.sort_at <= @now
          AND (@prefix IS NULL OR substr(f.facet, 5) LIKE @prefix ESCAPE '\')
          AND (@stationId IS NULL OR f.article_id IN (SELECT id FROM articles WHERE station_id = @stationId))
        GROUP BY f.facet
        ORDER BY Articles DESC, f.facet
        LIMIT @take
        """;

    const string Carrying = """
        SELECT DISTINCT t.article_id FROM article_tags t JOIN articles a ON a.id = t.article_id
        WHERE t.tag = @tag AND a.status <> 'trashed' AND (@allStations OR a.station_id IN @stations)
        ORDER BY t.article_id
        """;

    const string TagsOf = "SELECT tag FROM article_tags WHERE article_id = @id ORDER BY position";

    public async Task<IReadOnlyList<TagCount>> ListAsync(string? prefix, long? stationId, int take, CancellationToken ct)
    {
        var like = prefix is { Length: > 0 } p
            ? p.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"
            : null;
        return await db.ReadAsync(async c => (await c.QueryAsync<TagCount>(new CommandDefinition(PublicCounts, new { now = db.NowUtc(), prefix = like, stationId, take },
            cancellationToken: ct))).AsList(), ct);
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/> on every article in the stations given (all when
    /// null), merging into <paramref name="to"/> where an article has both; with <paramref name="to"/> null the tag is
    /// removed. One transaction: every article changes, or none.</summary>
    /// <returns>The ids of the articles that changed.</returns>
    public Task<IReadOnlyList<long>> RetagAsync(string from, string? to, IReadOnlySet<long>? stations, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var ids = (await c.QueryAsync<long>(new CommandDefinition(Carrying,
                new { tag = from, allStations = stations is null, stations = (stations ?? new HashSet<long>()).DefaultIfEmpty(-1) }, tx,
                cancellationToken: ct))).AsList();
            var now = db.NowUtc();
            foreach (var id in ids)
            {
                var tags = (await c.QueryAsync<string>(new CommandDefinition(TagsOf, new { id }, tx, cancellationToken: ct)))
                    .Select(t => string.Equals(t, from, StringComparison.OrdinalIgnoreCase) ? to : t)
                    .OfType<string>()
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToList();
                await ArticleRepository.ReplaceTagsAsync(c, tx, id, tags, to is null ? "remove-tag" : "rename-tag", actor, now, ct);
            }
            return (IReadOnlyList<long>)ids;
        }, ct);
}
