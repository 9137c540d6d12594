using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cms.Faults;

/// <summary>Looks for torn reads: responses that pair one version of an article with parts of another. Writers PATCH a
/// few published articles back to back, each version marking its title, summary and tags with the same number
/// ("… v17", "v17", "torn3v17"); readers read them as the public and as an editor through every read that builds an
/// article from its row and its parts (detail, list, JSON feed, sync), and count each article whose marks disagree, or
/// whose detail ETag names another version than its body. Runs until --reads reads are done (or --seconds pass) and
/// prints one line of JSON.</summary>
public static partial class Torn
{
    const int Articles = 4;

    static readonly string[] Kinds = ["detail", "detail_keyed", "list", "list_keyed", "feed", "sync"];

    public static async Task<int> RunAsync(Options options)
    {
        var baseUri = options.BaseUri;
        var key = options.Text("key");
        var writers = options.Number("writers", 2);
        var readers = options.Number("readers", 4);
        var wantedReads = options.Number("reads", 10_000);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Number("seconds", 120)));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var client = Api.Client(writers + readers, TimeSpan.FromSeconds(30));

        var target = await Seeding.EnsureAsync(client, baseUri, key, stop.Token);
        var ids = new long[Articles];
        for (var k = 0; k < Articles; k++) { ids[k] = await CreateAsync(client, baseUri, key, target, k, stop.Token); }

        var stats = new TornStats();
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(client, baseUri, key, ids, w, writers, stats, stop.Token)))
            .Concat(Enumerable.Range(0, readers).Select(r => Task.Run(() => ReaderAsync(client, baseUri, key, target, ids, r, stats, wantedReads, stop))))
            .ToArray();
        await Task.WhenAll(tasks);

        Console.WriteLine(stats.Summary(clock.Elapsed.TotalSeconds).ToJsonString());
        return 0;
    }

    static JsonObject Marked(int k, long n) => new()
    {
        ["title"] = $"撕裂检查 {k} v{n}",
        ["summary"] = $"v{n}",
        ["tags"] = new JsonArray($"torn{k}v{n}"),
    };

    static async Task<long> CreateAsync(HttpClient client, Uri baseUri, string key, Target target, int k, CancellationToken ct)
    {
        var body = Marked(k, 0);
        body["stationId"] = target.StationId;
        body["channelId"] = target.ChannelId;
        body["status"] = "published";
        body["bodyHtml"] = "<p>近年来，共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>";
        body["bylines"] = new JsonArray(new JsonObject { ["authorId"] = target.AuthorId, ["role"] = "correspondent" });
        var answer = Api.Expect(await Api.SendAsync(client, Api.JsonRequest(HttpMethod.Post, baseUri, "api/v1/articles", key, body), ct), HttpStatusCode.Created);
        return (long)answer.Json()!["id"]!;
    }

    static async Task WriterAsync(HttpClient client, Uri baseUri, string key, long[] ids, int writer, int writers, TornStats stats, CancellationToken ct)
    {
        // Each writer owns the articles k = writer, writer + writers, …, so versions of one article only go up.
        var own = Enumerable.Range(0, Articles).Where(k => k % writers == writer).ToArray();
        if (own.Length == 0) { return; }
        for (long n = 1; !ct.IsCancellationRequested; n++)
        {
            var k = own[(int)(n % own.Length)];
            var request = Api.JsonRequest(HttpMethod.Patch, baseUri, $"api/v1/articles/{ids[k]}", key, Marked(k, n), "application/merge-patch+json");
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
            try
            {
                var answer = await Api.SendAsync(client, request, ct);
                stats.Write(answer.Ok);
            }
            catch (OperationCanceledException) { return; }
            catch (FailedRequestException) { stats.Write(false); }
        }
    }

    static async Task ReaderAsync(HttpClient client, Uri baseUri, string key, Target target, long[] ids, int reader, TornStats stats,
        int wantedReads, CancellationTokenSource stop)
    {
        var random = new Random(reader * 7919 + Environment.ProcessId);
        while (!stop.IsCancellationRequested)
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            var keyed = kind.EndsWith("_keyed", StringComparison.Ordinal);
            var path = kind switch
            {
                "detail" or "detail_keyed" => $"api/v1/articles/{ids[random.Next(ids.Length)]}",
                "list" or "list_keyed" => $"api/v1/articles?station={target.StationId}&limit=50",
                "feed" => "api/v1/feeds/stations/faults.json",
                _ => "api/v1/sync?limit=500",
            };
            try
            {
                using var request = Api.Request(HttpMethod.Get, baseUri, path, keyed ? key : null);
                using var response = await client.SendAsync(request, stop.Token);
                var text = await response.Content.ReadAsStringAsync(stop.Token);
                if (!response.IsSuccessStatusCode) { stats.Read(kind, ok: false, torn: 0, checkedArticles: 0); continue; }
                var json = JsonNode.Parse(text)!;
                var (torn, seen) = kind switch
                {
                    "detail" or "detail_keyed" => CheckDetail(json, response.Headers.ETag?.Tag),
                    "sync" => CheckAll(json["items"]!.AsArray().Select(i => i?["article"])),
                    _ => CheckAll(json["items"]!.AsArray()),
                };
                if (stats.Read(kind, ok: true, torn, seen) >= wantedReads) { stop.Cancel(); }
            }
            catch (OperationCanceledException) { return; }
            catch (HttpRequestException) { stats.Read(kind, ok: false, torn: 0, checkedArticles: 0); }
        }
    }

    static (int Torn, int Seen) CheckDetail(JsonNode article, string? etag)
    {
        var (torn, seen) = CheckAll([article]);
        var version = (long?)article["version"];
        if (etag is not null && EtagVersion().Match(etag) is { Success: true } m
            && long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) != version)
        {
            torn = 1;
        }
        return (torn, seen);
    }

    /// <summary>Counts the articles (of ours: titles "撕裂检查 k vN") whose title, summary and tag do not all name the same version.</summary>
    /// <remarks>Article JSON, JSON Feed items and sync articles all name these title, summary and tags.</remarks>
    static (int Torn, int Seen) CheckAll(IEnumerable<JsonNode?> items)
    {
        int torn = 0, seen = 0;
        foreach (var item in items)
        {
            if (item is null || (string?)item["title"] is not { } t || TitleMark().Match(t) is not { Success: true } m) { continue; }
            seen++;
            var (k, n) = (m.Groups[1].Value, m.Groups[2].Value);
            var tagValues = item["tags"]?.AsArray().Select(x => (string?)x).ToList() ?? [];
            if ((string?)item["summary"] != $"v{n}" || !tagValues.Contains($"torn{k}v{n}") || tagValues.Count(x => x?.StartsWith("torn", StringComparison.Ordinal) == true) != 1)
            {
                torn++;
            }
        }
        return (torn, seen);
    }

    [GeneratedRegex(@"^撕裂检查 (\d+) v(\d+)$")]
    private static partial Regex TitleMark();

    [GeneratedRegex(@"^""v(\d+)-")]
    private static partial Regex EtagVersion();

    sealed class TornStats
    {
        readonly object gate = new();
        readonly Dictionary<string, (long Reads, long Torn, long Articles, long Failed)> byKind = Kinds.ToDictionary(k => k, _ => (0L, 0L, 0L, 0L));
        long reads, writes, failedWrites;

        public void Write(bool ok)
        {
            lock (gate) { if (ok) { writes++; } else { failedWrites++; } }
        }

        public long Read(string kind, bool ok, int torn, int checkedArticles)
        {
            lock (gate)
            {
                var (r, t, a, f) = byKind[kind];
                byKind[kind] = ok ? (r + 1, t + (torn > 0 ? 1 : 0), a + checkedArticles, f) : (r, t, a, f + 1);
                return ok ? ++reads : reads;
            }
        }

        public JsonObject Summary(double seconds)
        {
            lock (gate)
            {
                var kinds = new JsonObject();
                foreach (var (kind, (r, t, a, f)) in byKind)
                {
                    kinds[kind] = new JsonObject { ["reads"] = r, ["torn"] = t, ["articles"] = a, ["failed"] = f };
                }
                // Totals last: the fault scripts read a field by its last occurrence in the line.
                return new JsonObject
                {
                    ["kinds"] = kinds,
                    ["seconds"] = Math.Round(seconds, 1),
                    ["reads"] = reads,
                    ["torn"] = byKind.Values.Sum(v => v.Torn),
                    ["failed_reads"] = byKind.Values.Sum(v => v.Failed),
                    ["writes"] = writes,
                    ["failed_writes"] = failedWrites,
                };
            }
        }
    }
}
