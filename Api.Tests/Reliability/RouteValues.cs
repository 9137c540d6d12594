using System.Globalization;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>Real values for every route parameter of the contract (a published article, its station, channel and
/// author, a medium, a key), so that a hostile value in one parameter reaches the code behind the others. A route
/// parameter this class does not know fails the test that needs it.</summary>
public sealed class RouteValues
{
    readonly Dictionary<string, string> byResource;

    RouteValues(Dictionary<string, string> byResource) => this.byResource = byResource;

    public static async Task<RouteValues> CreateAsync(HttpClient admin, Given given)
    {
        var (stationId, channelId) = await given.SectionAsync();
        var station = await (await admin.GetAsync(ApiRoutes.For(GetStationRequest.Route, stationId))).JsonAsync();
        var channel = await (await admin.GetAsync(ApiRoutes.For(GetChannelRequest.Route, channelId))).JsonAsync();
        var author = await given.AuthorAsync("李雪");
        var medium = await given.MediaAsync();
        var article = await given.ArticleAsync(section: (stationId, channelId),
            bylines: [new { authorId = (long)author["id"]!, role = "correspondent" }], tags: ["共青团"]);
        var key = await admin.KeyAsync("editor");
        string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
        return new RouteValues(new Dictionary<string, string>
        {
            ["articles/{id}"] = Text((long)article["id"]!),
            ["revisions/{number}"] = "1",
            ["tags/{name}"] = Uri.EscapeDataString("共青团"),
            ["authors/{id}"] = Text((long)author["id"]!),
            ["channels/{id}"] = Text(channelId),
            ["keys/{id}"] = Text(key.Id),
            ["media/{id}"] = Text((long)medium["id"]!),
            ["stations/{id}"] = Text(stationId),
            ["stations/{stationId}"] = Text(stationId),
            ["{format}"] = "rss",
            ["{station}"] = (string)station["slug"]!,
            ["{channel}"] = (string)channel["slug"]!,
            ["{author}"] = (string)author["slug"]!,
        });
    }

    /// <summary>The path with every route parameter filled in, <paramref name="hostile"/> put in the one it names.</summary>
    public string Fill(ContractOperation op, (string Parameter, string Encoded)? hostile = null)
    {
        var segments = op.Path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            foreach (var parameter in op.Route)
            {
                var token = "{" + parameter.Name + "}";
                if (!segments[i].Contains(token, StringComparison.Ordinal)) { continue; }
                var value = hostile?.Parameter == parameter.Name ? hostile.Value.Encoded : ValueOf(op, segments[i - 1], token);
                segments[i] = segments[i].Replace(token, value, StringComparison.Ordinal);
            }
        }
        return string.Join('/', segments);
    }

    string ValueOf(ContractOperation op, string previousSegment, string token) =>
        byResource.TryGetValue($"{previousSegment}/{token}", out var value) || byResource.TryGetValue(token, out value)
            ? value
            : throw new AssertionException($"No real value for {token} of {op.Key}: add one to {nameof(RouteValues)}.");
}
