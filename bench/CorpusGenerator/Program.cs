using System.Diagnostics;
using System.Globalization;
using Cms.Api.Data;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

// Generates a realistic corpus straight into a data directory, through the API's own schema and write path:
//   CorpusGenerator <data-directory> <articles> <seed-article.txt>
// Stations, channels and authors are inserted first; articles follow in large transactions (synchronous=OFF while
// loading: this is a benchmark fixture, not data anyone was promised), each with its bylines, tags, facets, search
// index row and sync entry exactly as the API writes them.

var dataDirectory = args.Length > 0 ? args[0] : throw new ArgumentException("usage: CorpusGenerator <data-directory> <articles> <seed-article.txt>");
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var seedText = await File.ReadAllTextAsync(args.Length > 2 ? args[2] : "Api.Tests/Fixtures/seed-article.txt");
var random = new Random(20240102);
var clock = Stopwatch.StartNew();

var location = new DbLocation(Path.GetFullPath(dataDirectory));
Directory.CreateDirectory(location.MediaDirectory);
new Migrator(location, NullLogger<Migrator>.Instance).Apply();

var sentences = seedText.Split('\n')
    .Where(l => l.StartsWith("  ", StringComparison.Ordinal))
    .SelectMany(l => l.Trim().Split('。', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    .Where(s => s.Length >= 8)
    .Select(s => s + "。")
    .ToArray();
string[] places = ["松原", "长春", "吉林", "四平", "辽源", "通化", "白山", "白城", "延边", "长岭", "乾安", "前郭", "扶余", "梅河口", "公主岭", "珲春", "敦化", "桦甸", "蛟河", "舒兰"];
string[] channelNames = ["要闻", "民生", "县域", "经济", "社会", "文化", "体育", "教育", "旅游", "图片"];
string[] topics = ["共青团", "乡村振兴", "团干部", "志愿服务", "青年文明号", "防汛", "冬捕", "冰雪", "春耕", "教育", "医疗", "交通", "地铁", "雾凇", "物价", "就业", "消防", "环保", "文旅", "招商"];
string[] surnames = ["李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "金", "穆"];
const string GivenChars = "雪汶姝作超芳磊伟娜静丽强军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲";
string[] roles = ["reporter", "correspondent", "photographer", "editor", "writer"];
var tagPool = topics.Concat(places.Select(p => p + "市")).Concat(Enumerable.Range(1, 460).Select(i => topics[i % topics.Length] + places[i % places.Length])).Distinct().ToArray();

await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location.DatabasePath, ForeignKeys = true }.ToString());
await c.OpenAsync();
await c.ExecuteAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;");
var now = Timestamps.Format(DateTimeOffset.UtcNow);

var channels = new List<(long StationId, long ChannelId)>();
var authors = new List<long>();
await using (var tx = c.BeginTransaction())
{
    for (var s = 0; s < places.Length; s++)
    {
        var stationId = await c.ExecuteScalarAsync<long>(
            "INSERT INTO stations (slug, name, description, hotline, sort_order, created_at, updated_at) VALUES (@slug, @name, @name, '0431-82902222', @s, @now, @now) RETURNING id",
            new { slug = $"station-{s + 1}", name = places[s] + "站", s, now }, tx);
        for (var k = 0; k < channelNames.Length; k++)
        {
            channels.Add((stationId, await c.ExecuteScalarAsync<long>(
                "INSERT INTO channels (station_id, slug, name, sort_order, created_at, updated_at) VALUES (@stationId, @slug, @name, @k, @now, @now) RETURNING id",
                new { stationId, slug = $"channel-{k + 1}", name = channelNames[k], k, now }, tx)));
        }
    }
    for (var a = 0; a < 2000; a++)
    {
        var name = surnames[random.Next(surnames.Length)] + GivenChars[random.Next(GivenChars.Length)] + (random.Next(2) == 0 ? GivenChars[random.Next(GivenChars.Length)].ToString() : "");
        authors.Add(await c.ExecuteScalarAsync<long>(
            "INSERT INTO authors (slug, name, bio, created_at, updated_at) VALUES (@slug, @name, @bio, @now, @now) RETURNING id",
            new { slug = $"author-{a + 1}", name, bio = "通讯员", now }, tx));
    }
    await tx.CommitAsync();
}

var start = DateTimeOffset.UtcNow.AddYears(-3);
var step = TimeSpan.FromTicks((DateTimeOffset.UtcNow.AddMinutes(-1) - start).Ticks / Math.Max(1, count));
const int Batch = 5000;
for (var done = 0; done < count; done += Batch)
{
    await using var tx = c.BeginTransaction();
    for (var i = done; i < Math.Min(count, done + Batch); i++)
    {
        var (stationId, channelId) = channels[random.Next(channels.Count)];
        var size = random.Next(1000, 5000);
        var body = new System.Text.StringBuilder();
        while (body.Length < size / 3)
        {
            body.Append("<p>");
            for (var n = random.Next(2, 6); n > 0; n--) { body.Append(sentences[random.Next(sentences.Length)]); }
            body.Append("</p>");
        }
        var place = places[random.Next(places.Length)];
        var topic = topics[random.Next(topics.Length)];
        var title = $"{place}{topic}工作{(random.Next(2) == 0 ? "取得新进展" : "扎实推进")} {sentences[random.Next(sentences.Length)][..8]}";
        var status = random.Next(50) == 0 ? ArticleLifecycleStatus.Draft : ArticleLifecycleStatus.Published;
        var publishedAt = Timestamps.Format(start + (step * i));
        var bylines = Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => new BylineFields(authors[random.Next(authors.Count)], roles[random.Next(roles.Length)]))
            .DistinctBy(b => (b.AuthorId, b.Role)).ToList();
        var tags = Enumerable.Range(0, random.Next(1, 5)).Select(_ => tagPool[random.Next(tagPool.Length)]).Distinct().ToList();
        await ArticleRepository.InsertAsync(c, tx, null, new ArticleFields(
            title, null, sentences[random.Next(sentences.Length)], body.ToString(), stationId, channelId, status,
            status == ArticleLifecycleStatus.Published ? publishedAt : null, "中国吉林网", null, bylines, tags, null, [], []), Actor.System, publishedAt, CancellationToken.None);
    }
    await tx.CommitAsync();
    Console.WriteLine($"{Math.Min(count, done + Batch),8:N0} articles  {clock.Elapsed.TotalSeconds,6:N1} s");
}
await c.ExecuteAsync("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE);");
Console.WriteLine($"Corpus of {count:N0} articles in {location.DatabasePath} after {clock.Elapsed.TotalSeconds:N1} s ({new FileInfo(location.DatabasePath).Length / 1024 / 1024:N0} MB).");
