using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Cms.Faults;

/// <summary>Writers create (and now and then patch) published articles, some with an uploaded image; readers read
/// lists, articles, search results and images. Every acknowledged (2xx) create is appended to the ack file, flushed,
/// the moment its answer arrives; with --unanswered-file, the title token of every create whose connection broke after it
/// was sent (or timed out) goes there, so that a later check can tell whether the server had committed it. Stopping (after
/// --seconds, on SIGTERM/SIGINT, or after --until-write-failures failed writes) starts no new request and lets those in
/// flight finish (bounded by the client's 30 s timeout): a storm that ends never looks like clients vanishing. Ends after --seconds, on SIGTERM/SIGINT, or after --until-write-failures failed
/// writes, and prints one line of JSON.</summary>
public static class Storm
{
    static readonly string[] Sentences =
    [
        "近年来，共青团长岭县委扎实推进县域共青团基层组织改革工作。",
        "松原市查干湖冬捕节开幕，渔把头祭湖醒网，万人围观头鱼出水。",
        "长春地铁新线开通试运营，沿线居民出行时间大幅缩短。",
        "吉林雾凇岛迎来最佳观赏期，游客络绎不绝。",
        "通化市开展志愿服务进社区活动，青年志愿者走访孤寡老人。",
        "延边州推进乡村振兴，特色产业带动农民增收。",
        "白城市春耕备耕有序展开，农资供应充足价格平稳。",
        "四平市举办就业招聘会，两百余家企业提供岗位五千余个。",
    ];

    static readonly string[] Queries = ["长岭", "冬捕", "志愿服务", "乡村振兴", "storm"];

    public static async Task<int> RunAsync(Options options)
    {
        var baseUri = options.BaseUri;
        var key = options.Text("key");
        var writers = options.Number("writers", 8);
        var readers = options.Number("readers", 8);
        var seconds = options.Number("seconds", 10);
        var withMedia = options.Flag("media");
        var bodyKb = options.Number("body-kb", 2);
        var untilFailures = options.Number("until-write-failures", 0);
        var unansweredPath = options.OptionalText("unanswered-file");
        var label = options.OptionalText("label") ?? "storm";

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var client = Api.Client(writers + readers, TimeSpan.FromSeconds(30));
        using var acks = new AckFile(options.Text("ack-file"));
        using var unanswered = unansweredPath is null ? null : new AckFile(unansweredPath);
        var stats = new StormStats();
        var clock = Stopwatch.StartNew();

        var target = await Seeding.EnsureAsync(client, baseUri, key, stop.Token);
        var shared = new Acknowledged();
        var context = new StormContext(client, baseUri, key, target, acks, unanswered, stats, shared, withMedia, bodyKb, label, untilFailures, stop);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(context, w)))
            .Concat(Enumerable.Range(0, readers).Select(_ => Task.Run(() => ReaderAsync(context))))
            .ToArray();
        await Task.WhenAll(tasks);

        var summary = stats.Summary(clock.Elapsed.TotalSeconds);
        Console.WriteLine(summary.ToJsonString());
        return 0;
    }

    sealed record StormContext(HttpClient Client, Uri BaseUri, string Key, Target Target, AckFile Acks, AckFile? Unanswered, StormStats Stats,
        Acknowledged Shared, bool WithMedia, int BodyKb, string Label, int UntilFailures, CancellationTokenSource Stop);

    static async Task WriterAsync(StormContext s, int writer)
    {
        var random = new Random(HashCode.Combine(writer, Environment.ProcessId, Environment.TickCount64));
        for (var n = 0; !s.Stop.IsCancellationRequested; n++)
        {
            try
            {
                var own = s.Shared.RandomArticle(random);
                if (own is not null && random.Next(4) == 0) { await PatchAsync(s, own.Value, random); }
                else { await CreateAsync(s, writer, n, random); }
            }
            catch (OperationCanceledException) when (s.Stop.IsCancellationRequested) { return; }
            catch (FailedRequestException failed)
            {
                s.Stats.Failed(failed.Failure, write: true);
                await PauseAfterFailure(failed, s.Stop.Token);
            }
        }
    }

    static async Task CreateAsync(StormContext s, int writer, int n, Random random)
    {
        long? mediaId = null;
        if (s.WithMedia && random.Next(3) == 0)
        {
            var (bytes, type, name) = random.Next(2) == 0
                ? (Images.Jpeg(8 * random.Next(2, 9), 8 * random.Next(2, 9), random), "image/jpeg", $"mmexport{DateTime.UtcNow.Ticks}.jpg")
                : (Images.Png(random.Next(8, 64), random.Next(8, 64), random), "image/png", $"photo-{writer}-{n}.png");
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(file, "file", name);
            form.Add(new StringContent("团干部队伍建设工作会议现场"), "caption");
            var upload = Api.Request(HttpMethod.Post, s.BaseUri, "api/v1/media", s.Key);
            upload.Content = form;
            var answer = await TimedAsync(s, upload);
            if (!answer.Ok) { s.Stats.Answered(answer, write: true, s.Stop, s.UntilFailures, "upload"); return; }
            var medium = answer.Json()!;
            mediaId = (long)medium["id"]!;
            s.Acks.Add($"media {mediaId} {(string?)medium["sha256"]}");
            s.Stats.Acknowledged(media: true);
            s.Stats.Answered(answer, write: true, s.Stop, s.UntilFailures, "upload");
            s.Shared.AddMedia(mediaId.Value);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var body = new StringBuilder();
        while (body.Length * 3 < s.BodyKb * 1024)
        {
            body.Append("<p>").Append(Sentences[random.Next(Sentences.Length)]).Append(Sentences[random.Next(Sentences.Length)]).Append("</p>");
        }
        if (mediaId is not null) { body.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"/api/v1/media/{mediaId}/content\"></figure>"); }
        var article = new JsonObject
        {
            ["title"] = $"{s.Label} 长岭县团委 {writer}-{n} {token}",
            ["summary"] = "压力测试写入的文章。",
            ["bodyHtml"] = body.ToString(),
            ["stationId"] = s.Target.StationId,
            ["channelId"] = s.Target.ChannelId,
            ["status"] = "published",
            ["source"] = "中国吉林网",
            ["bylines"] = new JsonArray(new JsonObject { ["authorId"] = s.Target.AuthorId, ["role"] = "correspondent" }),
            ["tags"] = new JsonArray("storm", "长岭县"),
        };
        if (mediaId is not null)
        {
            article["coverMediaId"] = mediaId;
            article["media"] = new JsonArray(new JsonObject { ["mediaId"] = mediaId, ["caption"] = "会议现场" });
        }
        Answer created;
        try
        {
            created = await TimedAsync(s, Api.JsonRequest(HttpMethod.Post, s.BaseUri, "api/v1/articles", s.Key, article));
        }
        catch (FailedRequestException failed) when (failed.Failure is Failure.Reset or Failure.Timeout && s.Unanswered is not null)
        {
            s.Unanswered.Add($"article {token}");
            throw;
        }
        if (created.Ok)
        {
            var id = (long)created.Json()!["id"]!;
            s.Acks.Add($"article {id} {token}");
            s.Stats.Acknowledged(media: false);
            s.Shared.AddArticle(id);
        }
        s.Stats.Answered(created, write: true, s.Stop, s.UntilFailures, "create");
    }

    static async Task PatchAsync(StormContext s, long id, Random random)
    {
        var request = Api.JsonRequest(new HttpMethod("PATCH"), s.BaseUri, $"api/v1/articles/{id}", s.Key,
            new JsonObject { ["summary"] = $"改过 {random.Next(1_000_000)} 次的摘要。" }, "application/merge-patch+json");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        s.Stats.Answered(await TimedAsync(s, request), write: true, s.Stop, s.UntilFailures, "patch");
    }

    static async Task<Answer> TimedAsync(StormContext s, HttpRequestMessage request)
    {
        var timer = Stopwatch.StartNew();
        var answer = await Api.SendAsync(s.Client, request, CancellationToken.None);
        s.Stats.WriteLatency(timer.Elapsed.TotalMilliseconds);
        return answer;
    }

    static async Task ReaderAsync(StormContext s)
    {
        var random = new Random(HashCode.Combine(Environment.ProcessId, Environment.TickCount64, Guid.NewGuid()));
        while (!s.Stop.IsCancellationRequested)
        {
            var article = s.Shared.RandomArticle(random);
            var medium = s.Shared.RandomMedia(random);
            var (path, acknowledged) = random.Next(6) switch
            {
                0 when article is not null => ($"api/v1/articles/{article}", true),
                1 when medium is not null => ($"api/v1/media/{medium}/content", true),
                2 => ($"api/v1/articles?q={Uri.EscapeDataString(Queries[random.Next(Queries.Length)])}&limit=10", false),
                3 => ("api/v1/articles?station=faults&sort=-updatedAt&limit=20", false),
                4 => ("api/v1/feeds/stations/faults.rss", false),
                _ => ("api/v1/articles?limit=20", false),
            };
            try
            {
                var answer = await Api.GetAsync(s.Client, s.BaseUri, path, null, CancellationToken.None);
                s.Stats.Answered(answer, write: false, s.Stop, 0, "read");
                if (acknowledged && answer.Status == 404) { s.Stats.AcknowledgedButMissing(path); }
            }
            catch (OperationCanceledException) when (s.Stop.IsCancellationRequested) { return; }
            catch (FailedRequestException failed)
            {
                s.Stats.Failed(failed.Failure, write: false);
                await PauseAfterFailure(failed, s.Stop.Token);
            }
        }
    }

    /// <summary>A server that is down (killed, restarting) is not hammered in a tight loop.</summary>
    static async Task PauseAfterFailure(FailedRequestException failed, CancellationToken ct)
    {
        try { await Task.Delay(failed.Failure == Failure.Refused ? 100 : 20, ct); }
        catch (OperationCanceledException) { }
    }
}

/// <summary>Appends "kind id detail" lines, each flushed to the operating system before the caller goes on, so a
/// killed server (or a killed driver) cannot leave an acknowledgement unrecorded.</summary>
public sealed class AckFile(string path) : IDisposable
{
    readonly StreamWriter writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false));
    readonly Lock gate = new();

    public void Add(string line)
    {
        lock (gate)
        {
            writer.Write(line + "\n");
            writer.Flush();
        }
    }

    public void Dispose() => writer.Dispose();
}

/// <summary>Ids acknowledged in this run, for readers and patches to pick from.</summary>
public sealed class Acknowledged
{
    readonly List<long> articles = [];
    readonly List<long> media = [];
    readonly Lock gate = new();

    public void AddArticle(long id) { lock (gate) { articles.Add(id); } }

    public void AddMedia(long id) { lock (gate) { media.Add(id); } }

    public long? RandomArticle(Random random) { lock (gate) { return articles.Count == 0 ? null : articles[random.Next(articles.Count)]; } }

    public long? RandomMedia(Random random) { lock (gate) { return media.Count == 0 ? null : media[random.Next(media.Count)]; } }
}

/// <summary>Counts of what came back, in all and per operation. A 5xx, a non-problem error body or 'database is locked'
/// anywhere is what the scripts fail on; the first body of each kind of failure (operation and status) is kept as
/// evidence.</summary>
public sealed class StormStats
{
    readonly Lock gate = new();
    readonly SortedDictionary<int, long> writeStatuses = [];
    readonly SortedDictionary<int, long> readStatuses = [];
    readonly SortedDictionary<string, long> byOperation = new(StringComparer.Ordinal);
    readonly Dictionary<Failure, long> writeFailures = [];
    readonly Dictionary<Failure, long> readFailures = [];
    readonly List<double> writeMs = [];
    readonly List<string> samples = [];
    readonly HashSet<string> sampled = new(StringComparer.Ordinal);
    long ackedArticles;
    long ackedMedia;
    long locked;
    long nonProblem;
    long missing;
    long writeErrors;

    public void Acknowledged(bool media)
    {
        if (media) { Interlocked.Increment(ref ackedMedia); }
        else { Interlocked.Increment(ref ackedArticles); }
    }

    public void WriteLatency(double ms) { lock (gate) { writeMs.Add(ms); } }

    public void Answered(Answer answer, bool write, CancellationTokenSource stop, int untilWriteFailures, string operation)
    {
        var isLocked = answer.Body.Contains("database is locked", StringComparison.OrdinalIgnoreCase)
                       || answer.Body.Contains("SQLITE_BUSY", StringComparison.OrdinalIgnoreCase);
        var badBody = !answer.Ok && !answer.IsProblem && answer.Status != 304;
        lock (gate)
        {
            var statuses = write ? writeStatuses : readStatuses;
            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            var key = $"{operation} {answer.Status}";
            byOperation[key] = byOperation.GetValueOrDefault(key) + 1;
            if (isLocked) { locked++; }
            if (badBody) { nonProblem++; }
            if (write && !answer.Ok) { writeErrors++; }
            if ((!answer.Ok || isLocked) && sampled.Add(key) && samples.Count < 10)
            {
                samples.Add($"{key} {answer.ContentType}: {Api.Truncate(answer.Body, 300)}");
            }
            if (untilWriteFailures > 0 && writeErrors >= untilWriteFailures) { stop.Cancel(); }
        }
    }

    public void Failed(Failure failure, bool write)
    {
        lock (gate)
        {
            var failures = write ? writeFailures : readFailures;
            failures[failure] = failures.GetValueOrDefault(failure) + 1;
        }
    }

    public void AcknowledgedButMissing(string path)
    {
        lock (gate)
        {
            missing++;
            if (samples.Count < 5) { samples.Add($"read 404 for an acknowledged {path}"); }
        }
    }

    public JsonObject Summary(double seconds)
    {
        lock (gate)
        {
            static JsonObject Counts<T>(IEnumerable<KeyValuePair<T, long>> counts) where T : notnull =>
                new(counts.Select(c => KeyValuePair.Create(c.Key.ToString()!.ToLowerInvariant(), (JsonNode?)c.Value)));
            long Sum(Func<int, bool> which) => writeStatuses.Concat(readStatuses).Where(s => which(s.Key)).Sum(s => s.Value);
            writeMs.Sort();
            double Percentile(double p) => writeMs.Count == 0 ? 0 : Math.Round(writeMs[(int)Math.Min(writeMs.Count - 1, p * writeMs.Count)], 1);
            return new JsonObject
            {
                ["seconds"] = Math.Round(seconds, 1),
                ["acknowledged"] = ackedArticles + ackedMedia,
                ["acked_articles"] = ackedArticles,
                ["acked_media"] = ackedMedia,
                ["writes"] = writeStatuses.Values.Sum(),
                ["reads"] = readStatuses.Values.Sum(),
                ["reads_ok"] = readStatuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value),
                ["s5xx"] = Sum(s => s >= 500),
                ["s500"] = Sum(s => s == 500),
                ["locked"] = locked,
                ["non_problem"] = nonProblem,
                ["missing_reads"] = missing,
                ["refused"] = writeFailures.GetValueOrDefault(Failure.Refused) + readFailures.GetValueOrDefault(Failure.Refused),
                ["resets"] = writeFailures.GetValueOrDefault(Failure.Reset) + readFailures.GetValueOrDefault(Failure.Reset),
                ["write_resets"] = writeFailures.GetValueOrDefault(Failure.Reset),
                ["timeouts"] = writeFailures.GetValueOrDefault(Failure.Timeout) + readFailures.GetValueOrDefault(Failure.Timeout),
                ["other_errors"] = writeFailures.GetValueOrDefault(Failure.Other) + readFailures.GetValueOrDefault(Failure.Other),
                ["write_p50_ms"] = Percentile(0.5),
                ["write_p99_ms"] = Percentile(0.99),
                ["write_status"] = Counts(writeStatuses),
                ["read_status"] = Counts(readStatuses),
                ["by_operation"] = Counts(byOperation),
                ["samples"] = new JsonArray([.. samples.Select(s => (JsonNode?)s)]),
            };
        }
    }
}
