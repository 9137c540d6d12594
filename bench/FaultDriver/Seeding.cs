using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Faults;

/// <summary>What the storm writes into: one station with one channel, and one author.</summary>
public sealed record Target(long StationId, long ChannelId, long AuthorId);

public static class Seeding
{
    const string StationSlug = "faults";
    const string ChannelSlug = "yaowen";
    const string AuthorSlug = "fault-writer";

    public static async Task<int> RunAsync(Options options)
    {
        using var client = Api.Client(1, TimeSpan.FromSeconds(30));
        var target = await EnsureAsync(client, options.BaseUri, options.Text("key"), CancellationToken.None);
        Console.WriteLine($"{{\"stationId\":{target.StationId},\"channelId\":{target.ChannelId},\"authorId\":{target.AuthorId}}}");
        return 0;
    }

    /// <summary>Creates the station, channel and author unless they exist (409), then finds their ids.</summary>
    public static async Task<Target> EnsureAsync(HttpClient client, Uri baseUri, string key, CancellationToken ct)
    {
        await CreateAsync(client, baseUri, key, "api/v1/stations",
            new JsonObject { ["slug"] = StationSlug, ["name"] = "故障演练站", ["description"] = "Written to by bench/faults." }, ct);
        var stations = Api.Expect(await Api.GetAsync(client, baseUri, "api/v1/stations", key, ct), HttpStatusCode.OK).Json()!;
        var station = Items(stations).First(s => (string?)s["slug"] == StationSlug);
        var stationId = (long)station["id"]!;

        await CreateAsync(client, baseUri, key, $"api/v1/stations/{stationId}/channels",
            new JsonObject { ["slug"] = ChannelSlug, ["name"] = "要闻" }, ct);
        var channels = Api.Expect(await Api.GetAsync(client, baseUri, $"api/v1/stations/{stationId}/channels", key, ct), HttpStatusCode.OK).Json()!;
        var channelId = (long)Items(channels).First(c => (string?)c["slug"] == ChannelSlug)["id"]!;

        await CreateAsync(client, baseUri, key, "api/v1/authors", new JsonObject { ["slug"] = AuthorSlug, ["name"] = "压力测试员" }, ct);
        long? authorId = null;
        string? cursor = null;
        for (var page = 0; page < 1000 && authorId is null; page++)
        {
            var path = "api/v1/authors?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var list = Api.Expect(await Api.GetAsync(client, baseUri, path, key, ct), HttpStatusCode.OK).Json()!;
            authorId = (long?)Items(list).FirstOrDefault(a => (string?)a["slug"] == AuthorSlug)?["id"];
            cursor = (string?)list["nextCursor"];
            if (cursor is null) { break; }
        }
        return new Target(stationId, channelId, authorId ?? throw new InvalidOperationException("The seeded author was not found."));
    }

    static async Task CreateAsync(HttpClient client, Uri baseUri, string key, string path, JsonObject body, CancellationToken ct) =>
        Api.Expect(await Api.SendAsync(client, Api.JsonRequest(HttpMethod.Post, baseUri, path, key, body), ct),
            HttpStatusCode.Created, HttpStatusCode.Conflict);

    static IEnumerable<JsonNode> Items(JsonNode list) => (list as JsonArray ?? list["items"]!.AsArray()).Select(n => n!);

    public static async Task<int> TotalAsync(Options options)
    {
        using var client = Api.Client(1, TimeSpan.FromSeconds(120));
        var list = Api.Expect(await Api.GetAsync(client, options.BaseUri, "api/v1/articles?limit=1&count=true", options.Text("key"), CancellationToken.None),
            HttpStatusCode.OK).Json()!;
        Console.WriteLine($"{{\"articles\":{(long)list["total"]!}}}");
        return 0;
    }
}
