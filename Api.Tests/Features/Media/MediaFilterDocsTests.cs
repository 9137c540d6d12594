using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;
using Cms.Api.Tests.Reliability;

namespace Cms.Api.Tests.Features.Media;

/// <summary>The README's example of the media library's filters is one the server takes, in the names the contract gives.</summary>
public sealed partial class MediaFilterDocsTests : ApiFixture
{
    [Test]
    public async Task The_README_media_filter_example_uses_the_contracts_parameters_and_is_answered_200()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(ContractOperations.CommittedPath())!, "README.md"));
        var query = MediaExample().Match(readme).Groups["query"].Value;
        var contract = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;
        var declared = contract["paths"]![ApiRoutes.Template(ListMediaRequest.Route)]!["get"]!["parameters"]!.AsArray()
            .Select(p => (string)p!["name"]!).ToList();

        var sent = query.Replace("…", Uri.EscapeDataString("2024-01-02T14:36:00+08:00"), StringComparison.Ordinal);
        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?{sent}");

        Assert.That(query, Is.Not.Empty, "README shows GET /api/v1/media?… with its filters");
        Assert.That(query.Split('&').Select(p => p.Split('=')[0]), Is.SubsetOf(declared));
        await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [GeneratedRegex(@"GET /api/v1/media\?(?<query>[^`\s]+)`")]
    private static partial Regex MediaExample();
}
