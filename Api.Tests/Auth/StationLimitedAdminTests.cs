using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Maintenance;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Auth;

/// <summary>Issue 13 row 1: a station limit bounds every admin power. A limited admin manages only keys limited to
/// some of its stations, never a broader or unlimited one; what spans every station needs an unlimited admin.</summary>
public sealed class StationLimitedAdminTests : ApiFixture
{
    [Test]
    public async Task A_station_limited_admin_may_not_revoke_an_unlimited_admin_key()
    {
        var (_, limited) = await LimitedAdminAsync();
        var unlimited = await Admin.KeyAsync("admin");

        var res = await limited.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, unlimited.Id));

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("all stations"));
        Assert.That((await KeyAsync(unlimited.Id))["revokedAt"], Is.Null);
    }

    [Test]
    public async Task A_station_limited_admin_may_not_revoke_a_key_that_also_works_on_another_station()
    {
        var (home, limited) = await LimitedAdminAsync();
        var elsewhere = await Given.SectionAsync();
        var broader = await Admin.KeyAsync("editor", stationIds: [home.StationId, elsewhere.StationId]);

        var res = await limited.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, broader.Id));

        await res.ExpectForbiddenAsync();
        Assert.That((await KeyAsync(broader.Id))["revokedAt"], Is.Null);
    }

    [Test]
    public async Task A_station_limited_admin_may_revoke_a_key_within_its_stations()
    {
        var (home, limited) = await LimitedAdminAsync();
        var within = await Admin.KeyAsync("admin", stationIds: [home.StationId]);

        var res = await limited.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, within.Id));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_station_limited_admin_may_not_read_an_unlimited_key()
    {
        var (_, limited) = await LimitedAdminAsync();

        var res = await limited.GetAsync(ApiRoutes.For(GetKeyRequest.Route, (await Admin.KeyAsync("author")).Id));

        await res.ExpectForbiddenAsync();
    }

    [Test]
    public async Task A_station_limited_admin_lists_only_keys_within_its_stations()
    {
        var (home, limited) = await LimitedAdminAsync();
        var elsewhere = await Given.SectionAsync();
        var within = await Admin.KeyAsync("contributor", stationIds: [home.StationId]);
        var other = await Admin.KeyAsync("contributor", stationIds: [elsewhere.StationId]);
        var unlimited = await Admin.KeyAsync("contributor");

        var listed = (await limited.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Select(k => (long)k!["id"]!).ToList();

        Assert.That(listed, Does.Contain(within.Id));
        Assert.That(listed, Does.Not.Contain(other.Id).And.Not.Contain(unlimited.Id));
        Assert.That(listed, Is.SubsetOf(await IdsOfKeysLimitedToAsync(home.StationId)));
    }

    [Test]
    public async Task A_station_limited_admin_may_not_create_a_key_for_all_stations_or_for_another_station()
    {
        var (_, limited) = await LimitedAdminAsync();
        var elsewhere = await Given.SectionAsync();

        var unlimited = await limited.PostJsonAsync(AccessApi.KeysPath, new { name = Given.UniqueSlug("all"), role = "admin" });
        var other = await limited.PostJsonAsync(AccessApi.KeysPath,
            new { name = Given.UniqueSlug("other"), role = "editor", stationIds = new[] { elsewhere.StationId } });

        await unlimited.ExpectForbiddenAsync();
        await other.ExpectForbiddenAsync();
    }

    [TestCase("GET", ListAuditRequest.Route, "audit log")]
    [TestCase("POST", CreateBackupEndpoint.Route, "back up")]
    [TestCase("GET", GetIntegrityEndpoint.Route, "integrity check")]
    public async Task What_spans_every_station_needs_an_unlimited_admin(string method, string route, string named)
    {
        var (_, limited) = await LimitedAdminAsync();

        var res = await limited.SendAsync(new HttpRequestMessage(new HttpMethod(method), ApiRoutes.For(route)));

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain(named));
    }

    async Task<((long StationId, long ChannelId) Home, HttpClient Client)> LimitedAdminAsync()
    {
        var home = await Given.SectionAsync();
        var key = await Admin.KeyAsync("admin", stationIds: [home.StationId]);
        return (home, ClientWithKey(key.Secret));
    }

    async Task<JsonNode> KeyAsync(long id) =>
        await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);

    async Task<List<long>> IdsOfKeysLimitedToAsync(long stationId) =>
        (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100))
        .Where(k => k!["stationIds"]!.AsArray().Select(s => (long)s!).SequenceEqual([stationId]))
        .Select(k => (long)k!["id"]!).ToList();
}
