// The integrator's flow with the C# client NSwag generates from openapi.yaml (System.Text.Json): every call goes
// through the generated CmsClient, every step asserts what a user of the API relies on. Run by clients/run.sh.
// Environment: CMS_BASE_URL (http://127.0.0.1:PORT), CMS_API_KEY (an admin key), CMS_IMAGE (a PNG file to upload).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Cms.Client;

const long DemoArticleId = 3808167;
var baseUrl = Required("CMS_BASE_URL");
var apiKey = Required("CMS_API_KEY");
var imagePath = Required("CMS_IMAGE");

using var editorHttp = new HttpClient();
editorHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
using var readerHttp = new HttpClient();
var editor = new CmsClient(editorHttp) { BaseUrl = baseUrl, ReadResponseAsString = true };
var reader = new CmsClient(readerHttp) { BaseUrl = baseUrl, ReadResponseAsString = true };
var failures = new List<string>();

var publicIds = await Step("list articles and page through with cursors to the end", async () =>
{
    var seen = new HashSet<long>();
    var page = (await reader.ListArticlesAsync(limit: 2, count: true)).Result;
    var total = page.Total ?? throw new FlowException("count=true gave no total");
    var pages = 1;
    while (true)
    {
        Check(page.Items.Count <= 2, $"a page of limit 2 held {page.Items.Count} items");
        foreach (var item in page.Items)
        {
            Check(seen.Add(item.Id), $"article {item.Id} came again on page {pages}");
            Check(Is(item.Status, "published"), $"anonymous list showed article {item.Id} with status {item.Status}");
        }
        if (page.NextCursor is not { } cursor) { break; }
        page = (await reader.ListArticlesAsync(limit: 2, cursor: cursor)).Result;
        pages++;
        Check(pages <= 1000, "more than 1000 pages: the cursor does not advance");
    }
    Check(seen.Count == total, $"paging gave {seen.Count} articles, total says {total}");
    Check(seen.Contains(DemoArticleId), $"article {DemoArticleId} was not in the list");
    Console.WriteLine($"     {seen.Count} articles in {pages} pages");
    return seen;
});

var demo = await Step($"read article {DemoArticleId}", async () =>
{
    var response = await reader.GetArticleAsync(DemoArticleId);
    var article = response.Result;
    Check(article.Id == DemoArticleId, $"asked for {DemoArticleId}, got {article.Id}");
    Check(article.Title.Length > 0 && article.BodyHtml.Length > 0, "the article has no title or no body");
    Check(article.Station.Slug.Length > 0 && article.Channel.Slug.Length > 0, "the breadcrumb (station, channel) is missing");
    var etag = ETag(response, $"GET article {DemoArticleId}");
    try
    {
        await reader.GetArticleAsync(DemoArticleId, if_None_Match: etag);
        throw new FlowException("a GET with the ETag just received did not answer 304");
    }
    catch (ApiException e) when (e.StatusCode == 304) { }
    return article;
});

var syncStart = await Step("follow /sync from the start to the end", async () =>
{
    var held = new Dictionary<long, ArticleResponse>();
    string? since = null;
    var calls = 0;
    while (true)
    {
        var sync = (await reader.SyncArticlesAsync(since: since, limit: 2)).Result;
        calls++;
        foreach (var item in sync.Items)
        {
            if (item.Deleted) { held.Remove(item.Id); }
            else { held[item.Id] = item.Article ?? throw new FlowException($"sync item {item.Id} is not deleted and has no article"); }
        }
        since = sync.NextToken;
        if (!sync.HasMore) { break; }
        Check(calls <= 1000, "more than 1000 sync calls: hasMore never ends");
    }
    if (publicIds is not null)
    {
        var missing = publicIds.Where(id => !held.ContainsKey(id)).ToList();
        var extra = held.Keys.Where(id => !publicIds.Contains(id)).ToList();
        Check(missing.Count == 0 && extra.Count == 0,
            $"applying the sync does not give the public list: missing {string.Join(",", missing)}, extra {string.Join(",", extra)}");
    }
    Console.WriteLine($"     {held.Count} articles in {calls} calls");
    return since ?? throw new FlowException("the sync gave no token");
});

var image = await Step("upload an image (multipart)", async () =>
{
    await using var file = File.OpenRead(imagePath);
    var response = await editor.UploadMediaAsync(
        alt: "A test pattern", credit: "clients flow", file: new FileParameter(file, Path.GetFileName(imagePath), "image/png"));
    var media = response.Result;
    Check(response.StatusCode == 201, $"upload answered {response.StatusCode}, not 201");
    Check(media.ContentType == "image/png", $"uploaded a PNG, the server says {media.ContentType}");
    Check(media.Alt == "A test pattern", $"alt text not kept: {media.Alt}");
    Check(Regex.IsMatch(media.Sha256, "^[0-9a-f]{64}$"), $"sha256 is not 64 hex digits: {media.Sha256}");
    Check(media.Width > 0 && media.Height > 0, "the image has no size");
    return media;
});

var created = demo is null ? Skip<Versioned>("create an article", $"article {DemoArticleId}") : await Step("create an article", async () =>
{
    var title = $"Clients flow (C#) {DateTimeOffset.UtcNow:O}";
    var response = await editor.CreateArticleAsync(new CreateArticleRequest
    {
        Title = title,
        StationId = demo.Station.Id,
        ChannelId = demo.Channel.Id,
        Status = ArticleStatus.Draft,
        BodyHtml = "<p>Written by the generated C# client.</p>",
        Tags = ["clients-flow"],
        CoverMediaId = image?.Id,
    });
    Check(response.StatusCode == 201, $"create answered {response.StatusCode}, not 201");
    Check(Is(response.Result.Status, "draft"), $"created as draft, got {response.Result.Status}");
    Check(Header(response, "Location") is not null, "201 without a Location header");
    var read = await editor.GetArticleAsync(response.Result.Id);
    Check(read.Result.Title == title, $"the next read has title {read.Result.Title}, not {title}");
    Check(read.Result.Tags.Contains("clients-flow"), "the next read lost the tag");
    if (image is not null)
    {
        Check(read.Result.Cover?.MediaId == image.Id, "the cover is not the uploaded image");
    }
    await Expect(404, () => reader.GetArticleAsync(response.Result.Id), "a draft is visible to the public");
    return new Versioned(read.Result, ETag(read, "GET of the created article"));
});

var patched = created is null ? Skip<Versioned>("conditional PATCH with If-Match", "the created article") : await Step("conditional PATCH with If-Match", async () =>
{
    var title = created.Article.Title + " (edited)";
    var response = await editor.PatchArticleAsync(created.Article.Id, if_Match: created.ETag,
        body: new() { Title = title, Subtitle = "Added by a merge patch" });
    var article = response.Result;
    Check(article.Title == title, $"PATCH left the title {article.Title}");
    Check(article.Subtitle == "Added by a merge patch", $"PATCH did not set the subtitle: {article.Subtitle}");
    Check(article.BodyHtml == created.Article.BodyHtml, "PATCH of the title changed the body");
    Check(article.Tags.Contains("clients-flow"), "PATCH of the title dropped the tags");
    Check(article.Version > created.Article.Version, $"version did not grow: {created.Article.Version} -> {article.Version}");
    var etag = ETag(response, "PATCH");
    Check(etag != created.ETag, "the ETag did not change with the PATCH");
    await Expect(412, () => editor.PatchArticleAsync(created.Article.Id, if_Match: created.ETag, body: new() { Title = "lost update" }),
        "a PATCH with the old ETag was not refused");
    return new Versioned(article, etag);
});

var published = patched is null ? Skip<ArticleResponse>("publish it", "the patched article") : await Step("publish it", async () =>
{
    var article = (await editor.PublishArticleAsync(patched.Article.Id, if_Match: patched.ETag)).Result;
    Check(Is(article.Status, "published"), $"status after publish: {article.Status}");
    Check(article.PublishedAt is not null, "published without a publishedAt");
    var anonymous = (await reader.GetArticleAsync(article.Id)).Result;
    Check(anonymous.Title == patched.Article.Title, "the public sees another title");
    return article;
});

if (published is null) { Skip<string>("read the JSON Feed", "the published article"); }
else
{
    await Step("read the JSON Feed", async () =>
    {
        var response = await reader.PortalJsonFeedAsync();
        var feed = response.Result;
        Check(feed.Version == "https://jsonfeed.org/version/1.1", $"feed version {feed.Version}");
        var newest = feed.Items.FirstOrDefault() ?? throw new FlowException("the feed is empty");
        Check(newest.Title == published.Title, $"the newest feed item is \"{newest.Title}\", not the article just published");
        Check(newest.Url?.AbsolutePath.EndsWith($"/api/v1/articles/{published.Id}", StringComparison.Ordinal) == true, $"the newest item links to {newest.Url}");
        return "done";
    });
}

var archived = published is null ? Skip<ArticleResponse>("archive it", "the published article") : await Step("archive it", async () =>
{
    var article = (await editor.ArchiveArticleAsync(published.Id)).Result;
    Check(Is(article.Status, "archived"), $"status after archive: {article.Status}");
    await Expect(404, () => reader.GetArticleAsync(article.Id), "the public still reads it after archiving");
    return article;
});

if (syncStart is null || archived is null) { Skip<string>("follow /sync with the token it returned", "the first sync and the archived article"); }
else
{
    await Step("follow /sync with the token it returned", async () =>
    {
        var sync = (await reader.SyncArticlesAsync(since: syncStart)).Result;
        var mine = sync.Items.Where(i => i.Id == archived.Id).ToList();
        Check(mine.Count == 1, $"the archived article appears {mine.Count} times since the token");
        Check(mine[0].Deleted, "since the token, the published-then-archived article is not marked deleted");
        Check(sync.Items.All(i => i.Id != DemoArticleId), $"article {DemoArticleId} did not change, yet came again");
        Check(sync.NextToken.Length > 0, "no nextToken");
        return "done";
    });
}

if (failures.Count > 0)
{
    Console.WriteLine($"csharp flow: {failures.Count} step(s) failed: {string.Join("; ", failures)}");
    return 1;
}
Console.WriteLine("csharp flow: all steps passed");
return 0;

// Runs one step; a failure is reported and counted, and the steps that need its result are skipped.
async Task<T?> Step<T>(string name, Func<Task<T>> run) where T : class
{
    var clock = Stopwatch.StartNew();
    try
    {
        var result = await run();
        Console.WriteLine($"ok   {name} ({clock.ElapsedMilliseconds} ms)");
        return result;
    }
    catch (Exception e)
    {
        var message = e is ApiException api ? $"{api.StatusCode} {Shorten(api.Response)}" : $"{e.GetType().Name}: {e.Message}";
        Console.WriteLine($"FAIL {name}: {message}");
        failures.Add(name);
        return null;
    }
}

T? Skip<T>(string name, string because) where T : class
{
    Console.WriteLine($"SKIP {name}: needs {because}");
    failures.Add(name);
    return null;
}

static async Task Expect(int status, Func<Task> call, string message)
{
    try
    {
        await call();
    }
    catch (ApiException e) when (e.StatusCode == status)
    {
        return;
    }
    catch (ApiException e)
    {
        throw new FlowException($"{message}: answered {e.StatusCode}, not {status}");
    }
    throw new FlowException($"{message}: the call succeeded, expected {status}");
}

static void Check(bool condition, string message)
{
    if (!condition) { throw new FlowException(message); }
}

static bool Is(object? status, string expected) => string.Equals($"{status}", expected, StringComparison.OrdinalIgnoreCase);

static string? Header(ApiResponse response, string name) =>
    response.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

static string ETag(ApiResponse response, string what) =>
    Header(response, "ETag") is { Length: > 0 } etag ? etag : throw new FlowException($"{what} came without an ETag header");

static string Shorten(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "…";

static string Required(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"{name} is not set (clients/run.sh sets it).");

sealed record Versioned(ArticleResponse Article, string ETag);

sealed class FlowException(string message) : Exception(message);
