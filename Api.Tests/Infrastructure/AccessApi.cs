using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Api.Features.Keys;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>A key as POST /api/v1/keys created it: its id, its secret (shown this once) and the whole answer.</summary>
public sealed record CreatedKey(long Id, string Secret, JsonNode Body)
{
    public void Deconstruct(out long id, out string secret) => (id, secret) = (Id, Secret);
}

/// <summary>What a resource looked like at one moment, to prove a refused request changed nothing.</summary>
public sealed record Snapshot(HttpStatusCode Status, string Json, string? ETag);

/// <summary>Keys, merge patches and before/after reads shared by the access-control fixtures.</summary>
public static class AccessApi
{
    public static readonly string KeysPath = ApiRoutes.For(ListKeysRequest.Route);

    public static readonly string[] Roles = ["contributor", "author", "editor", "admin"];

    public static readonly string[] RolesBelowAdmin = ["contributor", "author", "editor"];

    public static async Task<CreatedKey> KeyAsync(this HttpClient admin, string role, long? authorId = null, long[]? stationIds = null,
        DateTimeOffset? expiresAt = null, bool? readOnly = null, string? name = null)
    {
        var res = await admin.PostJsonAsync(KeysPath, new { name = name ?? Given.UniqueSlug($"{role}-key"), role, authorId, stationIds, expiresAt, readOnly });
        var body = await res.ExpectJsonAsync(HttpStatusCode.Created);
        return new CreatedKey((long)body["id"]!, (string)body["key"]!, body);
    }

    public static async Task<Snapshot> SnapshotAsync(this HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        return new Snapshot(res.StatusCode, await res.Content.ReadAsStringAsync(), res.Headers.ETag?.Tag);
    }

    /// <summary>Asserts a 403 problem that says why, the way every refusal of a known caller is answered.</summary>
    public static async Task<JsonNode> ExpectForbiddenAsync(this HttpResponseMessage res)
    {
        var problem = await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((string?)problem["detail"], Is.Not.Null.And.Not.Empty, "a refusal says why");
        return problem;
    }

    /// <summary>Asserts the 401 problem of a request without a key, with the challenge that names the scheme.</summary>
    public static async Task<JsonNode> ExpectUnauthorizedAsync(this HttpResponseMessage res)
    {
        var problem = await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(res.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        return problem;
    }

    /// <summary>A snapshot of a resource as one string, to compare what it was before and after a refused request.</summary>
    public static async Task<string> SnapshotTextAsync(this HttpClient client, string url) => (await client.SnapshotAsync(url)).ToString();

    /// <summary>The slugs of every listed thing as one string, to compare the list before and after a refused create.</summary>
    public static async Task<string> SlugsTextAsync(this HttpClient client, string url) => string.Join(",", await client.AllSlugsAsync(url));

    /// <summary>The slugs of every station, author or other listed thing, following every page.</summary>
    public static async Task<List<string?>> AllSlugsAsync(this HttpClient client, string url) =>
        (await client.AllPagesAsync(url, limit: 100)).Select(i => (string?)i["slug"]).ToList();
}
