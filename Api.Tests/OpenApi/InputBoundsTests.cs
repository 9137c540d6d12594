using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.OpenApi;

/// <summary>The bounds the contract states on inputs (patterns, maxItems, id ranges) are the ones the server enforces,
/// so a generated client that checks them before sending is never refused for something the contract allowed.</summary>
public sealed class InputBoundsTests : ApiFixture
{
    JsonNode doc = null!;

    [OneTimeSetUp]
    public async Task ReadDocument() => doc = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

    [TestCase(false)]
    [TestCase(true)]
    public void The_text_pattern_in_the_contract_refuses_exactly_the_characters_the_server_refuses(bool multiline)
    {
        // JSON Schema patterns are ECMAScript's, where $ is the very end; .NET's $ also matches before a final "\n" (\z does not).
        var ecmaScript = ValidationRules.TextPattern(multiline);
        var pattern = new Regex(ecmaScript[..^1] + @"\z", RegexOptions.None, TimeSpan.FromSeconds(1));

        var disagreements = Enumerable.Range(0, 0x3000).Select(c => ((char)c).ToString())
            .Where(text => pattern.IsMatch(text) != (ValidationRules.FirstControlCharacter(text, multiline) < 0))
            .Select(text => $"U+{(int)text[0]:X4}").ToList();

        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void The_title_of_an_article_carries_the_text_pattern_and_a_slug_the_slug_pattern()
    {
        var schemas = doc["components"]!["schemas"]!;

        Assert.That((string?)schemas["CreateArticleRequest"]!["properties"]!["title"]!["pattern"], Is.EqualTo(ValidationRules.TextPattern(multiline: false)));
        Assert.That((string?)schemas["CreateArticleRequest"]!["properties"]!["summary"]!["pattern"], Is.EqualTo(ValidationRules.TextPattern(multiline: true)));
        Assert.That((string?)schemas["CreateStationRequest"]!["properties"]!["slug"]!["pattern"], Is.EqualTo("^[a-z0-9]+(?:-[a-z0-9]+)*$"));
    }

    [Test]
    public async Task An_article_may_have_as_many_tags_as_the_contract_says_and_not_one_more()
    {
        var maxItems = (int)doc["components"]!["schemas"]!["CreateArticleRequest"]!["properties"]!["tags"]!["maxItems"]!;
        var section = await Given.SectionAsync();

        var atTheLimit = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), ArticleWithTags(section, maxItems));
        var beyond = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), ArticleWithTags(section, maxItems + 1));

        Assert.That(maxItems, Is.EqualTo(30));
        await atTheLimit.ExpectJsonAsync(HttpStatusCode.Created);
        var problem = await beyond.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("tags"), Has.Some.Contains("at most 30 tags"));
    }

    [Test]
    public async Task An_id_beyond_what_JavaScript_holds_exactly_is_refused_naming_the_field()
    {
        var maximum = (long)doc["components"]!["schemas"]!["BylineInput"]!["properties"]!["authorId"]!["maximum"]!;
        var section = await Given.SectionAsync();

        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title = "共青团长岭县委全面发力", stationId = section.StationId, channelId = section.ChannelId,
            bylines = new[] { new { authorId = maximum + 1, role = "reporter" } },
        });

        Assert.That(maximum, Is.EqualTo(9_007_199_254_740_991));
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("bylines[0].authorId"), Has.Some.Contains("2^53 - 1"));
    }

    [Test]
    public void Every_id_in_a_path_is_positive_and_at_most_2_to_the_53_minus_1()
    {
        var ids = doc["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!["parameters"]?.AsArray() ?? []))
            .SelectMany(parameters => parameters)
            .Where(p => (string?)p!["in"] == "path" && (string?)p["schema"]?["format"] == "int64")
            .Select(p => p!["schema"]!)
            .ToList();

        Assert.That(ids, Is.Not.Empty);
        Assert.That(ids.Select(s => ((long?)s["minimum"] ?? (long?)s["exclusiveMinimum"] + 1, (long?)s["maximum"])).Distinct(),
            Is.EqualTo(new[] { ((long?)1L, (long?)9_007_199_254_740_991) }));
    }

    static object ArticleWithTags((long StationId, long ChannelId) section, int count) => new
    {
        title = "共青团长岭县委全面发力 多链条打造团干部队伍建设",
        stationId = section.StationId,
        channelId = section.ChannelId,
        tags = Enumerable.Range(1, count).Select(i => $"标签{i}").ToArray(),
    };
}
