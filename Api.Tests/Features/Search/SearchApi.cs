using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Search;

/// <summary>Searches and articles shared by the search fixtures.</summary>
internal static class SearchApi
{
    public static readonly DateTimeOffset Jan2 = new(2024, 1, 2, 14, 36, 0, TimeSpan.FromHours(8));

    /// <summary>An article about another subject: none of the words the seed article is searched by.</summary>
    public const string OtherTitle = "查干湖冬捕开始";

    public const string OtherBody = "<p>前郭尔罗斯蒙古族自治县的查干湖迎来冬捕季,渔民凿冰下网。</p>";

    /// <summary>The hits of a search, with further query parameters such as a station.</summary>
    public static async Task<JsonArray> SearchAsync(this HttpClient client, string q, string more = "")
    {
        var res = await client.GetAsync($"{ArticleApi.Path}?q={Uri.EscapeDataString(q)}{more}");
        return (await res.ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
    }

    /// <summary>Creates a published article (or one of another status) with the fields a search looks at.</summary>
    public static async Task<long> ArticleAsync(this HttpClient admin, (long StationId, long ChannelId) section,
        string title = OtherTitle, string bodyHtml = OtherBody, string? summary = null, string[]? tags = null, object[]? bylines = null,
        string status = "published", DateTimeOffset? publishedAt = null)
    {
        var body = ArticleApi.Body(section, title);
        body["bodyHtml"] = bodyHtml;
        body["summary"] = summary;
        body["tags"] = tags ?? [];
        body["bylines"] = bylines ?? [];
        body["status"] = status;
        body["publishedAt"] = status == "draft" ? null : publishedAt ?? Jan2;
        return (await (await admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
    }

    public static Task<long> SeedArticleAsync(this HttpClient admin, (long StationId, long ChannelId) section, string status = "published") =>
        admin.ArticleAsync(section, SeedArticle.Title, SeedArticle.BodyHtml, status: status);
}
