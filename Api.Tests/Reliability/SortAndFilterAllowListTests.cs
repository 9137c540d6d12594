using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>The pieces of SQL a list builds from its query (ORDER BY, filters, the search expression) come only from
/// allow-lists and parameters: an injected sort is a 400 that names the allowed values, an injected reference
/// (station, channel, author, time, page) is a 400 naming the filter, and injected free text (tag, search) finds
/// exactly what it says, which among these Chinese articles is nothing.</summary>
public sealed class SortAndFilterAllowListTests : HostileInputFixture
{
    const string List = "GET /api/v1/articles";

    static readonly Dictionary<string, string[]> AllowedSorts = new()
    {
        [List] = ["-publishedAt", "publishedAt", "-updatedAt", "relevance"],
    };

    static readonly string[] InjectedSorts =
    [
        "title; DROP TABLE articles", "publishedAt desc, (select 1)", "id--", "1", "RANDOM()", "title", "published_at",
        "publishedAt DESC", "-publishedAt,id", "-publishedAt;", "relevance) UNION SELECT 1 --", "PUBLISHEDAT", " -publishedAt",
        "(CASE WHEN 1=1 THEN title ELSE id END)", "-updatedAt --", "",
    ];

    /// <summary>What an injected value of each filter must get: free text is searched for as text, everything else
    /// names something that must exist or parse.</summary>
    static readonly Dictionary<string, bool> IsFreeText = new()
    {
        ["station"] = false, ["channel"] = false, ["author"] = false, ["tag"] = true, ["publishedFrom"] = false,
        ["publishedTo"] = false, ["updatedSince"] = false, ["q"] = true, ["sort"] = false, ["count"] = false,
        ["limit"] = false, ["cursor"] = false,
    };

    long stationId;
    List<long> published = [];

    [OneTimeSetUp]
    public async Task PublishChineseArticles()
    {
        var section = await Given.SectionAsync();
        stationId = section.StationId;
        var author = await Given.AuthorAsync("李雪");
        object[] bylines = [new { authorId = (long)author["id"]!, role = "correspondent" }];
        for (var i = 0; i < 3; i++)
        {
            published.Add((long)(await Given.ArticleAsync(section: section, bylines: bylines, tags: ["共青团", "长岭县"]))["id"]!);
        }
        await Given.ArticleAsync(status: "draft", tags: ["共青团"]);
        await Given.ArticleAsync(title: "松原市召开会议", tags: ["松原"]);
    }

    static IEnumerable<TestCaseData> ListsWithSort() =>
        ContractOperations.Cases(ContractOperations.Reads.Where(o => o.Query.Any(p => p.Name == "sort")));

    static IEnumerable<TestCaseData> ArticleFilters() =>
        ContractOperations.Named(List).Query.Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(ListsWithSort))]
    public async Task A_sort_outside_the_allow_list_is_a_400_that_names_the_allowed_values(string operation)
    {
        Assert.That(AllowedSorts.TryGetValue(operation, out var allowed), Is.True, $"say which sorts {operation} allows");
        var failures = new List<string>();

        foreach (var sort in InjectedSorts)
        {
            using var res = await Anonymous.GetAsync($"{ContractOperations.Named(operation).Path}?q=长岭&sort={Uri.EscapeDataString(sort)}");
            var (text, wrong) = await HostileAnswers.CheckAsync(res);
            var messages = res.StatusCode == HttpStatusCode.BadRequest ? string.Join(" ", JsonNode.Parse(text)!.ErrorsFor("sort")) : "";
            wrong ??= res.StatusCode != HttpStatusCode.BadRequest ? $"answered {(int)res.StatusCode}"
                : allowed!.FirstOrDefault(a => !messages.Contains(a, StringComparison.Ordinal)) is { } missing ? $"errors.sort does not name '{missing}': {messages}"
                : null;
            if (wrong is not null) { failures.Add($"sort={sort}: {wrong}"); }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        foreach (var sort in allowed!)
        {
            using var ok = await Anonymous.GetAsync($"{ContractOperations.Named(operation).Path}?q=长岭&sort={Uri.EscapeDataString(sort)}");
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sort={sort} is allowed");
        }
    }

    [TestCaseSource(nameof(ArticleFilters))]
    public async Task An_injected_filter_value_is_refused_by_name_or_finds_only_what_it_says(string parameter)
    {
        Assert.That(IsFreeText.TryGetValue(parameter, out var freeText), Is.True, $"say what an injected '{parameter}' must get");
        var others = string.Concat(new[] { ("station", $"{stationId}"), ("limit", "100") }.Where(o => o.Item1 != parameter).Select(o => $"&{o.Item1}={o.Item2}"));
        var failures = new List<string>();

        foreach (var injection in InjectionStrings.All)
        {
            // Free text is also tried with a key, which searches drafts too.
            foreach (var (who, client) in freeText ? [("anonymous", Anonymous), ("admin", Admin)] : new[] { ("anonymous", Anonymous) })
            {
                using var res = await client.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?{parameter}={injection.Encoded}{others}");
                var (text, wrong) = await HostileAnswers.CheckAsync(res);
                wrong ??= res.StatusCode switch
                {
                    HttpStatusCode.BadRequest => JsonNode.Parse(text)!.ErrorsFor(parameter).Count > 0 ? null : $"a 400 that does not name {parameter}",
                    HttpStatusCode.OK when freeText => ItemCount(text) == 0 ? null : $"found {ItemCount(text)} articles",
                    _ => $"answered {(int)res.StatusCode}",
                };
                if (wrong is not null) { failures.Add($"{who} {parameter}={injection.Name}: {wrong}\n    got {HostileAnswers.Show(text)}"); }
            }
        }

        Assert.That(failures, Is.Empty, $"{failures.Count} wrong answers:\n" + string.Join("\n", failures.Take(20)));
    }

    [Test]
    public async Task The_real_tag_and_search_find_the_articles_the_injected_ones_do_not()
    {
        var byTag = (await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString("共青团")}&station={stationId}&limit=100")).Ids();
        var bySearch = (await Anonymous.ItemsAsync($"q={Uri.EscapeDataString("长岭")}&station={stationId}&limit=100")).Ids();

        Assert.That(byTag, Is.EquivalentTo(published));
        Assert.That(bySearch, Is.EquivalentTo(published));
    }

    [TestCase("status")]
    [TestCase("stationId")]
    [TestCase("channelId")]
    [TestCase("orderBy")]
    [TestCase("where")]
    public async Task A_query_parameter_the_contract_does_not_have_changes_nothing_or_is_refused(string parameter)
    {
        var all = (await Admin.ItemsAsync($"station={stationId}&limit=100")).Ids();
        var failures = new List<string>();

        foreach (var injection in InjectionStrings.All.Take(12))
        {
            using var res = await Admin.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?station={stationId}&limit=100&{parameter}={injection.Encoded}");
            var (text, wrong) = await HostileAnswers.CheckAsync(res);
            if (wrong is null && res.StatusCode == HttpStatusCode.OK && !Ids(text).SequenceEqual(all)) { wrong = "the list changed"; }
            else if (wrong is null && res.StatusCode != HttpStatusCode.OK && res.StatusCode != HttpStatusCode.BadRequest) { wrong = $"answered {(int)res.StatusCode}"; }
            if (wrong is not null) { failures.Add($"{parameter}={injection.Name}: {wrong}"); }
        }

        Assert.That(all, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    static int ItemCount(string text) => JsonNode.Parse(text)!["items"]!.AsArray().Count;

    static List<long> Ids(string text) => JsonNode.Parse(text)!["items"]!.AsArray().Select(i => (long)i!["id"]!).ToList();
}
