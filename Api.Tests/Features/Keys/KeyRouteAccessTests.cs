using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Auth;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Keys;

public enum KeyRoute { CreateKey, ListKeys, GetKey, RevokeKey, ListAudit }

/// <summary>Keys and the audit log are the admin's alone: other roles are 403, callers without a key 401,
/// and a key in the URL is refused even when it is a good one.</summary>
public sealed class KeyRouteAccessTests : ApiFixture
{
    static readonly string[] UrlKeyParameters = ["api_key", "apikey", "key", "access_token", "token", "API_KEY"];

    public static IEnumerable<TestCaseData> RefusedCases() =>
        from route in Enum.GetValues<KeyRoute>()
        from role in AccessApi.RolesBelowAdmin
        select new TestCaseData(role, route).SetName($"{(role == "contributor" ? "A" : "An")}_{role}_may_not_{Phrase(route)}");

    public static IEnumerable<TestCaseData> AdminCases() =>
        Enum.GetValues<KeyRoute>().Select(route => new TestCaseData(route).SetName($"An_admin_may_{Phrase(route)}"));

    public static IEnumerable<TestCaseData> AnonymousCases() =>
        Enum.GetValues<KeyRoute>().Select(route => new TestCaseData(route).SetName($"Without_a_key_no_one_may_{Phrase(route)}"));

    [TestCaseSource(nameof(RefusedCases))]
    public async Task Roles_below_admin_are_403_on_keys_and_audit(string role, KeyRoute route)
    {
        var key = await Admin.KeyAsync(role);
        using var client = ClientWithKey(key.Secret);
        var target = await Admin.KeyAsync("contributor");
        var name = Given.UniqueSlug("key");

        var res = await SendAsync(client, route, target.Id, name);

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("admin"));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Not.Contain(target.Secret));
        await AssertKeysUnchangedAsync(target, name);
    }

    [TestCaseSource(nameof(AdminCases))]
    public async Task An_admin_key_is_allowed_on_keys_and_audit(KeyRoute route)
    {
        var key = await Admin.KeyAsync("admin");
        using var client = ClientWithKey(key.Secret);
        var target = await Admin.KeyAsync("contributor");

        var res = await SendAsync(client, route, target.Id, Given.UniqueSlug("key"));

        Assert.That(res.StatusCode, Is.EqualTo(route switch
        {
            KeyRoute.CreateKey => HttpStatusCode.Created,
            KeyRoute.RevokeKey => HttpStatusCode.NoContent,
            _ => HttpStatusCode.OK,
        }), await res.Content.ReadAsStringAsync());
    }

    [TestCaseSource(nameof(AnonymousCases))]
    public async Task Keys_and_audit_need_a_key(KeyRoute route)
    {
        var target = await Admin.KeyAsync("contributor");
        var name = Given.UniqueSlug("key");

        var res = await SendAsync(Anonymous, route, target.Id, name);

        await res.ExpectUnauthorizedAsync();
        await AssertKeysUnchangedAsync(target, name);
    }

    [TestCaseSource(nameof(UrlKeyParameters))]
    public async Task A_good_key_in_the_query_string_is_refused_on_a_public_read(string parameter)
    {
        var res = await Anonymous.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?{parameter}={Uri.EscapeDataString(CmsFactory.AdminKey)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((string?)problem["detail"], Does.Contain("URL"));
    }

    [TestCaseSource(nameof(UrlKeyParameters))]
    public async Task A_good_key_in_the_query_string_is_refused_on_an_admin_read(string parameter)
    {
        var res = await Anonymous.GetAsync($"{AccessApi.KeysPath}?{parameter}={Uri.EscapeDataString(CmsFactory.AdminKey)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((string?)problem["detail"], Does.Contain("URL"), "refused for the key in the URL, not only for a missing header");
    }

    [TestCaseSource(nameof(UrlKeyParameters))]
    public async Task A_key_in_the_query_string_refuses_the_write_even_with_a_good_key_in_the_header(string parameter)
    {
        var slug = Given.UniqueSlug("station");

        var res = await Admin.PostJsonAsync($"{ApiRoutes.For(CreateStationRequest.Route)}?{parameter}={Uri.EscapeDataString(CmsFactory.AdminKey)}", new { slug, name = "白城站" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((string?)problem["detail"], Does.Contain("URL"));
        Assert.That(await Admin.AllSlugsAsync(ApiRoutes.For(ListStationsRequest.Route)), Does.Not.Contain(slug));
    }

    static Task<HttpResponseMessage> SendAsync(HttpClient client, KeyRoute route, long targetId, string newKeyName) => route switch
    {
        KeyRoute.CreateKey => client.PostJsonAsync(AccessApi.KeysPath, new { name = newKeyName, role = "admin" }),
        KeyRoute.ListKeys => client.GetAsync(AccessApi.KeysPath),
        KeyRoute.GetKey => client.GetAsync(ApiRoutes.For(GetKeyRequest.Route, targetId)),
        KeyRoute.RevokeKey => client.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, targetId)),
        KeyRoute.ListAudit => client.GetAsync(ApiRoutes.For(ListAuditRequest.Route)),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>The target key is not revoked, and no key with the new name was created.</summary>
    async Task AssertKeysUnchangedAsync(CreatedKey target, string newKeyName)
    {
        var shown = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, target.Id))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(shown["revokedAt"], Is.Null);
        var names = (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Select(k => (string?)k["name"]);
        Assert.That(names, Does.Not.Contain(newKeyName));
    }

    static string Phrase(KeyRoute route) => route switch
    {
        KeyRoute.CreateKey => "create_a_key",
        KeyRoute.ListKeys => "list_keys",
        KeyRoute.GetKey => "read_a_key",
        KeyRoute.RevokeKey => "revoke_a_key",
        KeyRoute.ListAudit => "read_the_audit_log",
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };
}
