using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Cms.Faults;

/// <summary>acknowledged ⊆ present: every article in the ack file reads back (200) with its own title token, and every
/// medium's file reads back with the SHA-256 the upload was answered with (the served copy). With --lines N only the first N lines count
/// (what was acknowledged before some moment, e.g. the start of a backup). With --unanswered F it also counts how many
/// creates that never got an answer (their tokens in F) were committed.</summary>
public static class Verifier
{
    public static async Task<int> RunAsync(Options options)
    {
        var baseUri = options.BaseUri;
        var key = options.Text("key");
        var lines = File.ReadAllLines(options.Text("ack-file"));
        var take = options.Number("lines", lines.Length);
        var entries = lines.Take(take)
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 3 && long.TryParse(p[1], out _))
            .Select(p => (Kind: p[0], Id: long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), Detail: p[2]))
            .DistinctBy(e => (e.Kind, e.Id))
            .ToList();
        var torn = lines.Take(take).Count(l => l.Split(' ').Length != 3);

        using var client = Api.Client(8, TimeSpan.FromSeconds(60));
        var lost = new ConcurrentBag<string>();
        var corrupt = new ConcurrentBag<string>();
        var errors = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, ct) =>
        {
            var what = $"{entry.Kind} {entry.Id}";
            try
            {
                var answer = await Api.GetAsync(client, baseUri, $"api/v1/{(entry.Kind == "media" ? "media" : "articles")}/{entry.Id}", key, ct);
                if (answer.Status == 404) { lost.Add(what); return; }
                if (!answer.Ok) { errors.Add($"{what}: {answer.Status} {Api.Truncate(answer.Body, 200)}"); return; }
                if (entry.Kind == "article")
                {
                    var title = (string?)answer.Json()?["title"] ?? "";
                    if (!title.EndsWith(entry.Detail, StringComparison.Ordinal)) { corrupt.Add($"{what}: title '{title}'"); }
                    return;
                }
                using var request = Api.Request(HttpMethod.Get, baseUri, $"api/v1/media/{entry.Id}/content", key);
                using var content = await client.SendAsync(request, ct);
                if (!content.IsSuccessStatusCode) { lost.Add($"{what} (file: {(int)content.StatusCode})"); return; }
                var hash = Convert.ToHexStringLower(SHA256.HashData(await content.Content.ReadAsByteArrayAsync(ct)));
                if (hash != entry.Detail) { corrupt.Add($"{what}: content hash {hash}"); }
            }
            catch (Exception ex) when (ex is FailedRequestException or HttpRequestException or TaskCanceledException)
            {
                errors.Add($"{what}: {ex.Message}");
            }
        });

        var present = entries.Count - lost.Count - errors.Count;
        var unanswered = options.OptionalText("unanswered") is { } path && File.Exists(path)
            ? await CommittedAsync(client, baseUri, key, File.ReadAllLines(path).Select(l => l.Split(' ')).Where(p => p.Length == 2).Select(p => p[1]).ToHashSet())
            : (Sent: 0, Committed: 0);
        var summary = new JsonObject
        {
            ["acknowledged"] = entries.Count,
            ["articles"] = entries.Count(e => e.Kind == "article"),
            ["media"] = entries.Count(e => e.Kind == "media"),
            ["present"] = present,
            ["lost"] = lost.Count,
            ["corrupt"] = corrupt.Count,
            ["errors"] = errors.Count,
            ["torn_lines"] = torn,
            ["unanswered"] = unanswered.Sent,
            ["unanswered_committed"] = unanswered.Committed,
            ["samples"] = new JsonArray([.. lost.Concat(corrupt).Concat(errors).Take(10).Select(s => (JsonNode?)s)]),
        };
        Console.WriteLine(summary.ToJsonString());
        return lost.IsEmpty && corrupt.IsEmpty && errors.IsEmpty ? 0 : 1;
    }

    /// <summary>How many of the creates whose answer never came were committed all the same: every article is read
    /// (pages of 100, with the key: drafts too) and its title's last word compared with the tokens.</summary>
    static async Task<(int Sent, int Committed)> CommittedAsync(HttpClient client, Uri baseUri, string key, HashSet<string> tokens)
    {
        if (tokens.Count == 0) { return (0, 0); }
        var committed = 0;
        string? cursor = null;
        for (var page = 0; page < 100_000; page++)
        {
            var path = "api/v1/articles?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var list = Api.Expect(await Api.GetAsync(client, baseUri, path, key, CancellationToken.None), System.Net.HttpStatusCode.OK).Json()!;
            committed += list["items"]!.AsArray().Count(a => tokens.Contains(((string?)a!["title"] ?? "").Split(' ').Last()));
            cursor = (string?)list["nextCursor"];
            if (cursor is null) { break; }
        }
        return (tokens.Count, committed);
    }
}
