using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Request bodies and reads shared by the article fixtures.</summary>
internal static class ArticleApi
{
    public static readonly string Path = ApiRoutes.For(ListArticlesRequest.Route);

    public const string SeedPublishedAt = "2024-01-02T14:36:00+08:00";

    /// <summary>A valid create or replace body as a dictionary, so a test can take a field out or set a wrong one.</summary>
    public static Dictionary<string, object?> Body((long StationId, long ChannelId) section, string title = SeedArticle.Title) => new()
    {
        ["title"] = title,
        ["bodyHtml"] = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>",
        ["stationId"] = section.StationId,
        ["channelId"] = section.ChannelId,
        ["status"] = "published",
        ["publishedAt"] = SeedPublishedAt,
    };

    public static async Task<JsonArray> ItemsAsync(this HttpClient client, string query)
    {
        var res = await client.GetAsync($"{Path}?{query}");
        return (await res.ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
    }

    public static List<long> Ids(this JsonArray items) => items.Select(i => (long)i!["id"]!).ToList();

    /// <summary>How many articles, drafts included, are filed under the station or the channel of this section.</summary>
    public static async Task<int> CountInSectionAsync(this HttpClient admin, (long StationId, long ChannelId) section) =>
        (await admin.ItemsAsync($"station={section.StationId}&limit=100")).Count
        + (await admin.ItemsAsync($"channel={section.ChannelId}&limit=100")).Count;

    public static long Id(this JsonNode node) => (long)node["id"]!;

    /// <summary>Where an article is read, replaced, patched and deleted.</summary>
    public static string Url(this JsonNode article) => ApiRoutes.For(GetArticleRequest.Route, article.Id());

    /// <summary>An embedded station, channel or author as {id, slug, name}.</summary>
    public static (long Id, string? Slug, string? Name) Ref(JsonNode? node) =>
        node is null ? (0, null, null) : ((long)node["id"]!, (string?)node["slug"], (string?)node["name"]);

    /// <summary>What a reader sees of an HTML fragment: its text, tags left out and entities decoded.</summary>
    public static string VisibleText(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", string.Empty));

    /// <summary>The server stores times to the millisecond; a time taken by the test is compared at that precision.</summary>
    public static DateTime ToMilliseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
