using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Feeds;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Requests and reads shared by the editorial workflow fixtures: conditional writes, merge patches, keys of
/// each role, and where the public can see an article.</summary>
internal static class WorkflowApi
{
    public const string MergePatchType = "application/merge-patch+json";

    /// <summary>A word of Latin letters no other article contains: the search index keeps it whole, so a search for it
    /// finds exactly the article whose title carries it.</summary>
    public static string UniqueWord()
    {
        var letters = Guid.NewGuid().ToString("N").Select(c => c <= '9' ? (char)('g' + (c - '0')) : c);
        return "wf" + string.Concat(letters.Take(16));
    }

    /// <summary>Sends a request with exactly this If-Match (none when null) and, when given, a body of this type.</summary>
    public static Task<HttpResponseMessage> RequestAsync(this HttpClient client, HttpMethod method, string url, string? ifMatch = null,
        object? json = null, string? rawBody = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (ifMatch is not null) { request.Headers.TryAddWithoutValidation("If-Match", ifMatch); }
        var body = rawBody ?? (json is null ? null : JsonSerializer.Serialize(json, JsonSerializerOptions.Web));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return client.SendAsync(request);
    }

    /// <summary>A draft in a station of its own, whose title carries a word nothing else has.</summary>
    public static async Task<(JsonNode Article, (long StationId, long ChannelId) Section, string Word)> DraftAsync(this Given given)
    {
        var section = await given.SectionAsync();
        var word = UniqueWord();
        var article = await given.ArticleAsync(title: $"长岭县团委召开全委会 {word}", status: "draft", section: section);
        return (article, section, word);
    }

    public static Task<HttpResponseMessage> MergePatchAsync(this HttpClient client, string url, object patch, string? ifMatch = null) =>
        client.RequestAsync(HttpMethod.Patch, url, ifMatch, json: patch, contentType: MergePatchType);

    public static Task<HttpResponseMessage> MergePatchRawAsync(this HttpClient client, string url, string patch, string contentType = MergePatchType,
        string? ifMatch = null) =>
        client.RequestAsync(HttpMethod.Patch, url, ifMatch, rawBody: patch, contentType: contentType);

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string url, string? ifMatch = null) =>
        client.RequestAsync(HttpMethod.Post, url, ifMatch);

    /// <summary>The ETag of a response, as it was sent.</summary>
    public static string ETag(this HttpResponseMessage res)
    {
        Assert.That(res.Headers.ETag, Is.Not.Null, $"{(int)res.StatusCode} {res.RequestMessage?.Method} {res.RequestMessage?.RequestUri} has no ETag");
        return res.Headers.ETag!.ToString();
    }

    /// <summary>Reads a resource with a key and returns its body and ETag.</summary>
    public static async Task<(JsonNode Body, string ETag)> ReadAsync(this HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        var body = await res.ExpectJsonAsync(HttpStatusCode.OK);
        return (body, res.ETag());
    }

    /// <summary>Where the public (no key) finds an article: its page, its station's list, a search for a word of its title,
    /// its station's feed.</summary>
    public static async Task<List<string>> PublicViewsShowingAsync(this HttpClient anonymous, long id, long stationId, string word)
    {
        var views = new List<string>();
        var page = await anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, id));
        if (page.StatusCode == HttpStatusCode.OK) { views.Add("page"); }
        else { Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await page.Content.ReadAsStringAsync()); }

        if ((await anonymous.ItemsAsync($"station={stationId}&limit=100")).Ids().Contains(id)) { views.Add("list"); }
        if ((await anonymous.ItemsAsync($"q={Uri.EscapeDataString(word)}&station={stationId}")).Ids().Contains(id)) { views.Add("search"); }

        var feed = await (await anonymous.GetAsync(ApiRoutes.For(StationFeedRequest.Route, stationId, "json"))).ExpectJsonAsync(HttpStatusCode.OK);
        if (feed["items"]!.AsArray().Any(i => (string?)i!["id"] == FeedWriter.ItemId(id)))
        {
            views.Add("feed");
        }
        return views;
    }

    public static readonly string[] AllPublicViews = ["page", "list", "search", "feed"];

    public static async Task ExpectNoContentAsync(this HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), text);
    }

    public static string Status(this JsonNode article) => (string)article["status"]!;
}
