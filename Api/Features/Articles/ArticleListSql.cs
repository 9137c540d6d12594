using System.Globalization;
using Cms.Api.Features.Search;
using Dapper;

namespace Cms.Api.Features.Articles;

public enum ArticleSort { PublishedDesc, PublishedAsc, UpdatedDesc, Relevance }

/// <summary>What a list asks for. Ids are resolved; Match is an FTS expression built by ChineseTokenizer.</summary>
public sealed record ArticleQuery(
    long? StationId, long? ChannelId, long? AuthorId, string? Tag, string? PublishedFrom, string? PublishedTo,
    string? UpdatedSince, string? Match, ArticleSort Sort, bool IncludeDrafts, bool WithBody = false)
{
    /// <summary>With IncludeDrafts: the stations whose unpublished articles the caller may see (null: all).</summary>
    public IReadOnlyCollection<long>? DraftStations { get; init; }
}

/// <summary>Where the previous page ended: the sort key of its last row (a time, or a relevance score) and its id.</summary>
public sealed record ArticlePosition(string Key, long Id);

/// <summary>Assembles the list query from fixed fragments only; every value travels as a parameter. The driving table
/// follows the filters so that each page is an index walk: the full-text index for a search, the index rows for a tag
/// or an author, the articles' own indexes otherwise. CROSS JOIN fixes that table as the outer loop in SQLite.</summary>
public static class ArticleListSql
{
    /// <summary>The status a reader is told: a published article whose time has not come yet is "scheduled".</summary>
    public const string StatusColumn = "CASE WHEN a.status = 'published' AND a.sort_at > @now THEN 'scheduled' ELSE a.status END AS status";

    static string Columns(string body, string key) => $"""
        a.id, a.title, a.subtitle, a.summary, {body} AS body_html, a.station_id, s.slug AS station_slug, s.name AS station_name,
        s.hotline AS station_hotline, a.channel_id, ch.slug AS channel_slug, ch.name AS channel_name, {StatusColumn}, a.published_at,
        a.source, a.credit, a.cover_media_id, a.created_at, a.updated_at, a.changed_at, a.sort_at, a.version, {key} AS sort_key
        """;

    const string JoinNames = "\nJOIN stations s ON s.id = a.station_id\nJOIN channels ch ON ch.id = a.channel_id";

    public static (string Sql, DynamicParameters Parameters) SelectPage(ArticleQuery q, ArticlePosition? after, int take, string now)
    {
        var (from, where, p, key, id) = Build(q, now);
        p.Add("take", take);
        var columnsBody = q.Match is null && !q.WithBody ? "''" : "a.body_html";
        if (after is not null)
        {
            p.Add("afterKey", q.Sort == ArticleSort.Relevance ? double.Parse(after.Key, CultureInfo.InvariantCulture) : after.Key);
            p.Add("afterId", after.Id);
        }

        var ascending = q.Sort is ArticleSort.PublishedAsc or ArticleSort.Relevance;
        if (q.Match is not null)
        {
            // A search ranks or sorts every match: do that on ids and keys alone, then fetch only the page's rows.
            // BM25 exists only once a row is matched, so the position is compared outside the matching query.
            var position = after is null ? "" : $"\n  WHERE (sort_key, id) {(ascending ? ">" : "<")} (@afterKey, @afterId)";
            var direction = ascending ? "" : " DESC";
            var matches = $"SELECT {id} AS id, {key} AS sort_key\n  FROM {from}\n  WHERE {Conditions(where)}";
            return ($"""
                SELECT {Columns(columnsBody, "p.sort_key")}
                FROM (
                  SELECT id, sort_key FROM ({matches}){position}
                  ORDER BY sort_key{direction}, id{direction}
                  LIMIT @take
                ) p
                JOIN articles a ON a.id = p.id{JoinNames}
                ORDER BY p.sort_key{direction}, p.id{direction}
                """, p);
        }

        if (after is not null) { where.Add($"({key}, {id}) {(ascending ? ">" : "<")} (@afterKey, @afterId)"); }
        var order = ascending ? $"{key}, {id}" : $"{key} DESC, {id} DESC";
        return ($"SELECT {Columns(columnsBody, key)}\nFROM {from}{JoinNames}\nWHERE {Conditions(where)}\nORDER BY {order}\nLIMIT @take", p);
    }

    public static (string Sql, DynamicParameters Parameters) Count(ArticleQuery q, string now)
    {
        // The order does not matter to a count; counting as if by the time it bounds keeps that bound indexable (by publish
        // time unless only the change time is bounded).
        var byChange = q.UpdatedSince is not null && q.PublishedFrom is null && q.PublishedTo is null;
        var (from, where, p, _, _) = Build(q with { Sort = byChange ? ArticleSort.UpdatedDesc : ArticleSort.PublishedDesc }, now);
        return ($"SELECT COUNT(*)\nFROM {from}\nWHERE {Conditions(where)}", p);
    }

    static (string From, List<string> Where, DynamicParameters P, string Key, string Id) Build(ArticleQuery q, string now)
    {
        var p = new DynamicParameters();
        var where = new List<string>();
        string from, x, id;
        var facet = q.Tag is not null ? ArticleIndexRows.TagKey(q.Tag) : q.AuthorId is { } author ? ArticleIndexRows.AuthorKey(author) : null;

        if (q.Match is not null)
        {
            // Each match is checked in the narrow index of its filter columns, never in the row with its body.
            from = $"{SearchIndex.Table} CROSS JOIN articles a INDEXED BY ix_articles_search_filter ON a.id = {SearchIndex.Table}.rowid";
            (x, id) = ("a", "a.id");
            where.Add($"{SearchIndex.Table} MATCH @match");
            p.Add("match", q.Match);
            facet = null;
        }
        else if (facet is not null)
        {
            from = "article_facets f CROSS JOIN articles a ON a.id = f.article_id";
            (x, id) = ("f", "f.article_id");
            where.Add("f.facet = @facet");
            p.Add("facet", facet);
        }
        else
        {
            from = "articles a";
            (x, id) = ("a", "a.id");
        }

        // A bound on the time the list is not ordered by must not pick that time's index ("+" keeps a term off indexes):
        // the ordered walk of the other index, stopping after one page, is what keeps the cost independent of the table.
        var publishTime = q.Sort == ArticleSort.UpdatedDesc ? $"+{x}.sort_at" : $"{x}.sort_at";
        // "Updated" means changed as readers see it (changed_at): a scheduled article changes when it goes public.
        var updateTime = q.Sort == ArticleSort.UpdatedDesc ? $"{x}.changed_at" : $"+{x}.changed_at";
        p.Add("now", now);
        if (!q.IncludeDrafts)
        {
            where.Add($"{x}.status = 'published' AND {publishTime} <= @now");
        }
        else
        {
            // Keys see drafts, scheduled and archived articles too; trashed ones only in the trash.
            where.Add($"{x}.status <> 'trashed'");
            if (q.DraftStations is not null)
            {
                where.Add($"({x}.status = 'published' AND {publishTime} <= @now OR a.station_id IN @draftStations)");
                p.Add("draftStations", q.DraftStations.DefaultIfEmpty(-1));
            }
        }
        if (q.ChannelId is not null) { where.Add("a.channel_id = @channelId"); p.Add("channelId", q.ChannelId); }
        else if (q.StationId is not null) { where.Add("a.station_id = @stationId"); p.Add("stationId", q.StationId); }

        // A second facet (tag and author together, or either with a search) is checked per row.
        if (q.Tag is not null && facet != ArticleIndexRows.TagKey(q.Tag))
        {
            where.Add("EXISTS (SELECT 1 FROM article_facets t WHERE t.facet = @tagFacet AND t.article_id = a.id)");
            p.Add("tagFacet", ArticleIndexRows.TagKey(q.Tag));
        }
        if (q.AuthorId is { } authorId && facet != ArticleIndexRows.AuthorKey(authorId))
        {
            where.Add("EXISTS (SELECT 1 FROM article_facets w WHERE w.facet = @authorFacet AND w.article_id = a.id)");
            p.Add("authorFacet", ArticleIndexRows.AuthorKey(authorId));
        }
        if (q.PublishedFrom is not null)
        {
            where.Add($"{publishTime} >= @publishedFrom AND a.published_at >= @publishedFrom");
            p.Add("publishedFrom", q.PublishedFrom);
        }
        if (q.PublishedTo is not null)
        {
            where.Add($"{publishTime} <= @publishedTo AND a.published_at <= @publishedTo");
            p.Add("publishedTo", q.PublishedTo);
        }
        if (q.UpdatedSince is not null)
        {
            where.Add($"{updateTime} >= @updatedSince");
            p.Add("updatedSince", q.UpdatedSince);
        }

        var key = q.Sort switch
        {
            ArticleSort.UpdatedDesc => $"{x}.changed_at",
            ArticleSort.Relevance => SearchIndex.Rank,
            _ => $"{x}.sort_at",
        };
        return (from, where, p, key, id);
    }

    static string Conditions(List<string> where) => where.Count == 0 ? "1 = 1" : string.Join("\n  AND ", where);
}
