using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Infrastructure;

public static class Http
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new AssertionException($"Expected a JSON body, got: {text}");
    }

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status is wrong.</summary>
    public static async Task<JsonNode> ExpectJsonAsync(this HttpResponseMessage res, HttpStatusCode status)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(status), text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem response with this status and returns its body.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage res, HttpStatusCode status)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(status), text);
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var problem = JsonNode.Parse(text)!;
        Assert.That((int?)problem["status"], Is.EqualTo((int)status), text);
        Assert.That((string?)problem["title"], Is.Not.Null.And.Not.Empty, text);
        Assert.That((string?)problem["type"], Does.StartWith(Cms.Api.Infrastructure.ProblemTypes.Prefix), "every refusal says which kind it is: " + text);
        Assert.That(text, Does.Not.Contain("   at "), "a problem document never carries a stack trace");
        return problem;
    }

    /// <summary>The messages a problem document gives for one request field.</summary>
    public static IReadOnlyList<string> ErrorsFor(this JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => (string)e!).ToList() ?? [];

    /// <summary>Follows nextCursor from the first page to the last, asserting each page's size, and returns every item in order.</summary>
    public static async Task<List<JsonNode>> AllPagesAsync(this HttpClient client, string url, int limit)
    {
        var items = new List<JsonNode>();
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"{url}{separator}limit={limit}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"))
                .ExpectJsonAsync(HttpStatusCode.OK);
            var pageItems = page["items"]!.AsArray();
            Assert.That(pageItems, Has.Count.LessThanOrEqualTo(limit));
            items.AddRange(pageItems.Select(i => i!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        return items;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));
}
