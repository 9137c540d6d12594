using Cms.Api.Data;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Search;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Features.Search;

/// <summary>A search checks every match against its filters (visibility, station, channel) before it ranks them, so that
/// check must read the narrow filter index, not the article's row, which holds the body before the status.</summary>
public sealed class SearchFilterPlanTests
{
    const string Now = "2024-01-02T06:36:00.000Z";

    string directory = null!;
    SqliteConnection connection = null!;

    [OneTimeSetUp]
    public void MigrateATempDatabase()
    {
        directory = Path.Combine(Path.GetTempPath(), "cms-tests", "search-plans-" + Guid.NewGuid().ToString("N"));
        var location = new DbLocation(directory);
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location.DatabasePath, Pooling = false }.ToString());
        connection.Open();
    }

    [OneTimeTearDown]
    public void DeleteTheTempDatabase()
    {
        connection?.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory)) { Directory.Delete(directory, recursive: true); }
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var sort in new[] { ArticleSort.Relevance, ArticleSort.PublishedDesc, ArticleSort.UpdatedDesc })
        {
            foreach (var includeDrafts in new[] { false, true })
            {
                foreach (var filter in new[] { "none", "station", "channel" })
                {
                    yield return new TestCaseData(sort, includeDrafts, filter)
                        .SetName($"A_search_by_{sort}_{(includeDrafts ? "with_drafts" : "for_the_public")}_filtered_by_{filter}_checks_each_match_in_the_filter_index");
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Each_match_is_checked_in_the_filter_index_not_in_the_article_row(ArticleSort sort, bool includeDrafts, string filter)
    {
        var query = new ArticleQuery(filter == "station" ? 1 : null, filter == "channel" ? 2 : null, null, null, null, null, null,
            ChineseTokenizer.ToMatchExpression("长岭"), sort, includeDrafts);
        query = query with { DraftStations = includeDrafts ? [1, 3] : null };
        var (sql, parameters) = ArticleListSql.SelectPage(query, null, 21, Now);

        var plan = connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)
            .Select(row => row.Detail).ToList();

        var check = plan.Where(d => d.StartsWith("SEARCH a ", StringComparison.Ordinal)).ToList();
        Assert.That(check, Has.Some.Contains("USING INDEX ix_articles_search_filter"), $"{sql}\n--- plan ---\n{string.Join('\n', plan)}");
    }
}
