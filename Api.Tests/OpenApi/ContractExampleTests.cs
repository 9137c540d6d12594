using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.OpenApi;

/// <summary>Every request body in the contract has an example, and each one, sent as it stands to a new demo portal,
/// succeeds: what Swagger UI offers to send works.</summary>
public sealed class ContractExampleTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:SeedDemoContent"] = "true" };

    protected override bool NeedsDatabaseOfItsOwn => true;

    /// <summary>Route values naming demo content; creates first, and the tag rename after the edits of article 3808167.</summary>
    static readonly Dictionary<string, long> PathValues = new() { ["id"] = 1, ["stationId"] = 1 };

    [Test]
    public async Task Every_request_body_example_succeeds_as_it_stands_against_the_demo_portal()
    {
        var doc = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;
        var sends = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value!["requestBody"] is not null).Select(o => (Path: p.Key, Verb: o.Key, Op: o.Value!)))
            .OrderBy(s => s.Verb == "post" && !s.Path.Contains('{', StringComparison.Ordinal) && !s.Path.EndsWith("rename", StringComparison.Ordinal) ? 0 : s.Path.EndsWith("rename", StringComparison.Ordinal) ? 2 : 1)
            .ToList();

        Assert.That(sends, Has.Count.GreaterThanOrEqualTo(17));
        foreach (var (path, verb, op) in sends)
        {
            var name = $"{verb} {path}";
            var content = op["requestBody"]!["content"]!.AsObject();
            if (content.ContainsKey("multipart/form-data")) { continue; }
            var (type, media) = content.Single();
            var example = media!["example"];
            Assert.That(example, Is.Not.Null, $"{name} has no example");
            Assert.That(example!.ToJsonString(), Does.Not.Contain("\"string\""), name);

            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}",
                m => path.StartsWith("/api/v1/articles/", StringComparison.Ordinal) && m.Groups[1].Value == "id" ? "3808167" : PathValues[m.Groups[1].Value].ToString(System.Globalization.CultureInfo.InvariantCulture));
            var res = await Admin.RequestAsync(new HttpMethod(verb.ToUpperInvariant()), url, ifMatch: "*", rawBody: example.ToJsonString(), contentType: type);

            Assert.That((int)res.StatusCode, Is.InRange(200, 299), $"{name}: {await res.Content.ReadAsStringAsync()}");
        }
    }
}
