using System.Text.RegularExpressions;
using Cms.Api.Data;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Search;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>Every list query, for each filter, sort, visibility and page, is an index walk: SQLite's plan never reads the
/// whole articles table and, except for a search ranked by BM25, never sorts the matching rows to find a page.</summary>
public sealed partial class ArticleQueryPlanTests
{
    const string Now = "2024-01-02T06:36:00.000Z";

    static readonly string[] Filters =
    [
        "none", "station", "channel", "author", "tag", "publishedFrom", "publishedTo", "updatedSince", "q",
        "station+tag", "author+publishedFrom", "channel+q", "tag+author", "station+publishedFrom+publishedTo", "author+updatedSince",
    ];

    string directory = null!;
    SqliteConnection connection = null!;

    [OneTimeSetUp]
    public void MigrateATempDatabase()
    {
        directory = Path.Combine(Path.GetTempPath(), "cms-tests", "plans-" + Guid.NewGuid().ToString("N"));
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

    public static IEnumerable<TestCaseData> PageCases()
    {
        foreach (var filter in Filters)
        {
            var sorts = Names(filter, "q")
                ? new[] { ArticleSort.PublishedDesc, ArticleSort.PublishedAsc, ArticleSort.UpdatedDesc, ArticleSort.Relevance }
                : new[] { ArticleSort.PublishedDesc, ArticleSort.PublishedAsc, ArticleSort.UpdatedDesc };
            foreach (var sort in sorts)
            {
                foreach (var includeDrafts in new[] { false, true })
                {
                    foreach (var withCursor in new[] { false, true })
                    {
                        yield return new TestCaseData(filter, sort, includeDrafts, withCursor)
                            .SetName($"The_{Describe(filter)}_list_by_{sort}_{(includeDrafts ? "with_drafts" : "for_the_public")}" +
                                     $"_{(withCursor ? "after_a_cursor" : "first_page")}_walks_an_index");
                    }
                }
            }
        }
    }

    public static IEnumerable<TestCaseData> CountCases()
    {
        foreach (var filter in Filters)
        {
            foreach (var sort in new[] { ArticleSort.PublishedDesc, ArticleSort.PublishedAsc, ArticleSort.UpdatedDesc })
            {
                foreach (var includeDrafts in new[] { false, true })
                {
                    yield return new TestCaseData(filter, sort, includeDrafts)
                        .SetName($"Counting_the_{Describe(filter)}_list_by_{sort}_{(includeDrafts ? "with_drafts" : "for_the_public")}_walks_an_index");
                }
            }
        }
    }

    [TestCaseSource(nameof(PageCases))]
    public void A_page_of_a_list_never_scans_the_articles_table(string filter, ArticleSort sort, bool includeDrafts, bool withCursor)
    {
        var query = Query(filter, sort, includeDrafts);
        var after = withCursor ? new ArticlePosition(sort == ArticleSort.Relevance ? "-1.25" : "2024-01-01T00:00:00.000Z", 42) : null;
        var (sql, parameters) = ArticleListSql.SelectPage(query, after, 21, Now);

        var plan = Explain(sql, parameters);

        Assert.That(plan, Has.None.Match(BareArticlesScan().ToString()), Show(sql, plan));
        if (query.Match is null)
        {
            Assert.That(plan, Has.None.Match(SortForOrderBy().ToString()), Show(sql, plan));
        }
    }

    [TestCaseSource(nameof(CountCases))]
    public void Counting_a_list_never_scans_the_articles_table(string filter, ArticleSort sort, bool includeDrafts)
    {
        var (sql, parameters) = ArticleListSql.Count(Query(filter, sort, includeDrafts), Now);

        var plan = Explain(sql, parameters);

        Assert.That(plan, Has.None.Match(BareArticlesScan().ToString()), Show(sql, plan));
    }

    [Test]
    public void The_check_recognises_a_bare_scan_of_the_articles_table()
    {
        var plan = Explain("SELECT id FROM articles a WHERE a.title = @title", new DynamicParameters(new { title = "长岭" }));

        Assert.That(plan, Has.Some.Match(BareArticlesScan().ToString()), Show("", plan));
    }

    [Test]
    public void The_check_recognises_a_sort_for_order_by()
    {
        var plan = Explain("SELECT id FROM articles a WHERE a.station_id = 1 ORDER BY a.title", new DynamicParameters());

        Assert.That(plan, Has.Some.Match(SortForOrderBy().ToString()), Show("", plan));
    }

    static ArticleQuery Query(string filter, ArticleSort sort, bool includeDrafts) => new(
        StationId: Names(filter, "station") ? 1 : null,
        ChannelId: Names(filter, "channel") ? 2 : null,
        AuthorId: Names(filter, "author") ? 3 : null,
        Tag: Names(filter, "tag") ? "共青团" : null,
        PublishedFrom: Names(filter, "publishedFrom") ? "2023-12-31T16:00:00.000Z" : null,
        PublishedTo: Names(filter, "publishedTo") ? "2024-12-31T16:00:00.000Z" : null,
        UpdatedSince: Names(filter, "updatedSince") ? "2023-12-31T16:00:00.000Z" : null,
        Match: Names(filter, "q") ? ChineseTokenizer.ToMatchExpression("长岭") : null,
        Sort: sort,
        IncludeDrafts: includeDrafts);

    static bool Names(string filter, string name) => filter.Split('+').Contains(name);

    static string Describe(string filter) => filter == "none" ? "unfiltered" : filter.Replace("+", "_and_", StringComparison.Ordinal);

    List<string> Explain(string sql, DynamicParameters parameters) =>
        connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)
            .Select(row => row.Detail)
            .ToList();

    static string Show(string sql, List<string> plan) => $"{sql}\n--- plan ---\n{string.Join('\n', plan)}";

    [GeneratedRegex(@"^SCAN (a|articles)\b(?!.*USING (COVERING )?INDEX)")]
    private static partial Regex BareArticlesScan();

    [GeneratedRegex(@"USE TEMP B-TREE FOR (.* )?ORDER BY")]
    private static partial Regex SortForOrderBy();
}
