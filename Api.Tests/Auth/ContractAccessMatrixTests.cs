using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cms.Api.Features.Keys;
using Cms.Api.Tests.Infrastructure;
using Cms.Api.Tests.Reliability;

namespace Cms.Api.Tests.Auth;

/// <summary>Who may call what, over every operation of the committed openapi.yaml (its security and x-required-role),
/// so that a new endpoint is in the matrix the moment it is in the contract. For each operation: no key, a key of each
/// role, a read-only admin key, an expired, a revoked and an unknown key, and an admin key limited to another station.
/// A refusal is a problem with the right status and saves nothing (the database and the data directory are compared
/// before and after); a caller the contract admits is never answered 401 or 403 by the gate.</summary>
public sealed class ContractAccessMatrixTests : HostileInputFixture
{
    protected override bool MovesClock => true;

    /// <summary>Route parameters that name something of one station: a key limited to other stations may not touch it.
    /// Keys count too: the key behind keys/{id} is not limited, so no station-limited admin may manage it.</summary>
    static readonly string[] StationOwned = ["articles/{id}", "stations/{id}", "stations/{stationId}", "channels/{id}", "keys/{id}"];

    /// <summary>Route parameters that name nothing of a station, each with the reason.</summary>
    static readonly Dictionary<string, string> NotStationOwned = new()
    {
        ["media/{id}"] = "the media library is shared by every station",
        ["authors/{id}"] = "authors write for every station (their bylines are checked on the article)",
        ["revisions/{number}"] = "a revision belongs to the article of articles/{id}",
        ["tags/{name}"] = "a tag spans stations; a station-limited key changes it on its own stations' articles only",
        ["{format}"] = "a feed format", ["{station}"] = "public feeds", ["{channel}"] = "public feeds", ["{author}"] = "public feeds",
    };

    const string MissingId = "987654321";

    RouteValues routes = null!;
    ValidBodies bodies = null!;
    readonly Dictionary<string, HttpClient> roles = [];
    readonly Dictionary<string, HttpClient> others = [];

    const string ReadOnlyAdmin = "a read-only admin key", Expired = "an expired admin key", Revoked = "a revoked admin key",
        Unknown = "an unknown key", OtherStationAdmin = "an admin key limited to another station";

    public static IEnumerable<TestCaseData> Operations() => ContractOperations.Cases(ContractOperations.All);

    [OneTimeSetUp]
    public async Task MakeEveryKindOfCaller()
    {
        routes = await RouteValues.CreateAsync(Admin, Given);
        bodies = new ValidBodies(Given);
        foreach (var role in AccessApi.Roles) { roles[role] = ClientWithKey((await Admin.KeyAsync(role)).Secret); }
        others[ReadOnlyAdmin] = ClientWithKey((await Admin.KeyAsync("admin", readOnly: true)).Secret);
        others[Expired] = ClientWithKey((await Admin.KeyAsync("admin", expiresAt: Clock.GetUtcNow().AddMinutes(1))).Secret);
        var gone = await Admin.KeyAsync("admin");
        (await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, gone.Id))).EnsureSuccessStatusCode();
        others[Revoked] = ClientWithKey(gone.Secret);
        others[Unknown] = ClientWithKey("cms_unknown_0123456789abcdefghijklmnopqrstuvwxyz");
        var (otherStation, _) = await Given.SectionAsync();
        others[OtherStationAdmin] = ClientWithKey((await Admin.KeyAsync("admin", stationIds: [otherStation])).Secret);
        Clock.Advance(TimeSpan.FromMinutes(2));
    }

    [OneTimeTearDown]
    public void DisposeCallers()
    {
        foreach (var client in roles.Values.Concat(others.Values)) { client.Dispose(); }
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Every_caller_is_answered_as_its_key_allows(string operation)
    {
        var op = ContractOperations.Named(operation);
        var write = op.Method != "GET";
        var least = op.RequiredRole is { } r ? Array.IndexOf(AccessApi.Roles, r) : -1;
        Assert.That(op.AllowsAnonymous || least >= 0, Is.True, $"{op} is secured but names no x-required-role");

        await Assert.MultipleAsync(async () =>
        {
            if (op.AllowsAnonymous) { await ExpectAdmittedAsync(op, Anonymous, "no key"); }
            else { await ExpectRefusedAsync(op, Anonymous, "no key", HttpStatusCode.Unauthorized); }

            for (var i = 0; i < AccessApi.Roles.Length; i++)
            {
                var role = AccessApi.Roles[i];
                if (i < least) { await ExpectRefusedAsync(op, roles[role], $"a {role} key", HttpStatusCode.Forbidden, op.RequiredRole); }
                else { await ExpectAdmittedAsync(op, roles[role], $"a {role} key"); }
            }

            if (write) { await ExpectRefusedAsync(op, others[ReadOnlyAdmin], ReadOnlyAdmin, HttpStatusCode.Forbidden, "read-only"); }
            else { await ExpectAdmittedAsync(op, others[ReadOnlyAdmin], ReadOnlyAdmin); }

            await ExpectRefusedAsync(op, others[Expired], Expired, HttpStatusCode.Unauthorized, "expired");
            await ExpectRefusedAsync(op, others[Revoked], Revoked, HttpStatusCode.Unauthorized);
            await ExpectRefusedAsync(op, others[Unknown], Unknown, HttpStatusCode.Unauthorized);

            if (NamesAStationsThing(op) && (write || !op.AllowsAnonymous))
            {
                await ExpectRefusedAsync(op, others[OtherStationAdmin], OtherStationAdmin, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
            }
        });
    }

    /// <summary>The gate refuses with a problem of this status (one of them, when a resource may also be hidden as 404),
    /// whose detail names <paramref name="because"/>, and nothing is saved. The request is one the API would accept from
    /// an admin (real ids, a valid body, If-Match: *), so a gate that let it through would change something.</summary>
    async Task ExpectRefusedAsync(ContractOperation op, HttpClient caller, string who, HttpStatusCode status, string? because = null) =>
        await ExpectRefusedAsync(op, caller, who, [status], because);

    async Task ExpectRefusedAsync(ContractOperation op, HttpClient caller, string who, HttpStatusCode status, HttpStatusCode orStatus) =>
        await ExpectRefusedAsync(op, caller, who, [status, orStatus], null);

    async Task ExpectRefusedAsync(ContractOperation op, HttpClient caller, string who, HttpStatusCode[] statuses, string? because)
    {
        using var request = await AcceptableRequestAsync(op);
        var before = Database.Take();

        using var res = await caller.SendAsync(request);

        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.AnyOf(statuses), $"{op} with {who}: {Start(text)}");
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{op} with {who} answers a problem");
        if (because is not null) { Assert.That(text, Does.Contain(because), $"{op} with {who} says why"); }
        if (res.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.That(res.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"), $"{op} with {who} names the scheme");
        }
        var after = Database.Take();
        Assert.That(after, Is.EqualTo(before), $"{op} with {who} changed:\n{DatabaseFingerprint.Difference(before, after)}");
    }

    /// <summary>The gate lets the caller through: whatever the answer (a missing id is 404, an empty body 400), it is
    /// neither 401 nor 403, and no server error. Ids name nothing, so an admitted write changes nothing either.</summary>
    static async Task ExpectAdmittedAsync(ContractOperation op, HttpClient caller, string who)
    {
        using var request = AdmittedRequest(op);

        using var res = await caller.SendAsync(request);

        Assert.That((int)res.StatusCode, Is.Not.AnyOf(401, 403).And.LessThan(500), $"{op} with {who}: {Start(await res.Content.ReadAsStringAsync())}");
    }

    async Task<HttpRequestMessage> AcceptableRequestAsync(ContractOperation op)
    {
        var method = new HttpMethod(op.Method);
        if (op.JsonBodyType is { } type)
        {
            var target = await bodies.ForAsync(op);
            return new HttpRequestMessage(method, target.Url) { Content = Json(target.Body().ToJsonString(), type) };
        }
        return new HttpRequestMessage(method, routes.Fill(op)) { Content = op.BodyTypes.Contains("multipart/form-data") ? Upload() : null };
    }

    static HttpRequestMessage AdmittedRequest(ContractOperation op)
    {
        var path = string.Join('/', op.Path.Split('/').Select(s => s == "{format}" ? "rss" : s.StartsWith('{') ? MissingId : s));
        HttpContent? content = op.JsonBodyType is { } type ? Json("{}", type)
            : op.BodyTypes.Contains("multipart/form-data") ? new MultipartFormDataContent()
            : null;
        return new HttpRequestMessage(new HttpMethod(op.Method), path) { Content = content };
    }

    static bool NamesAStationsThing(ContractOperation op)
    {
        var segments = op.Path.Split('/');
        var owned = false;
        foreach (var token in op.Route.Select(p => "{" + p.Name + "}"))
        {
            var at = Array.FindIndex(segments, s => s.Contains(token, StringComparison.Ordinal));
            var name = $"{segments[at - 1]}/{token}";
            if (StationOwned.Contains(name)) { owned = true; }
            else if (!NotStationOwned.ContainsKey(name) && !NotStationOwned.ContainsKey(token))
            {
                Assert.Fail($"{op}: say whether {name} names something of one station ({nameof(StationOwned)} or {nameof(NotStationOwned)})");
            }
        }
        return owned;
    }

    static string Start(string text) => text.Length <= 300 ? text : text[..300] + "…";

    static StringContent Json(string json, string type) => new(json, Encoding.UTF8, type);

    static MultipartFormDataContent Upload()
    {
        var file = new ByteArrayContent(TestImages.Jpeg());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { file, "file", "mmexport1704177120277.jpg" } };
    }
}
