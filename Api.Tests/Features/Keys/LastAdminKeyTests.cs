using System.Net;
using Cms.Api.Features.Keys;
using Cms.Api.Tests.Auth;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Keys;

/// <summary>The API never locks its admins out. In this fixture the bootstrap key is the only working admin key:
/// no test leaves another one behind.</summary>
public sealed class LastAdminKeyTests : ApiFixture
{
    protected override bool MovesClock => true;


    [Test]
    public async Task Revoking_the_last_working_admin_key_is_409_and_the_key_keeps_working()
    {
        var bootstrap = await BootstrapKeyIdAsync();

        var res = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, bootstrap));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("last"));
        await AssertBootstrapKeyWorksAsync(bootstrap);
    }

    [Test]
    public async Task A_read_only_admin_key_does_not_count_as_another_working_admin_key()
    {
        await Admin.KeyAsync("admin", readOnly: true);
        var bootstrap = await BootstrapKeyIdAsync();

        var res = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, bootstrap));

        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        await AssertBootstrapKeyWorksAsync(bootstrap);
    }

    [Test]
    public async Task An_expired_admin_key_does_not_count_as_another_working_admin_key()
    {
        await Admin.KeyAsync("admin", expiresAt: Clock.GetUtcNow().AddMinutes(5));
        var bootstrap = await BootstrapKeyIdAsync();
        Clock.Advance(TimeSpan.FromMinutes(6));

        var res = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, bootstrap));

        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        await AssertBootstrapKeyWorksAsync(bootstrap);
    }

    [Test]
    public async Task A_revoked_admin_key_does_not_count_as_another_working_admin_key()
    {
        var other = await Admin.KeyAsync("admin");
        var revoked = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, other.Id));
        var bootstrap = await BootstrapKeyIdAsync();

        var res = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, bootstrap));

        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await revoked.Content.ReadAsStringAsync());
        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        await AssertBootstrapKeyWorksAsync(bootstrap);
    }

    [Test]
    public async Task A_station_limited_admin_key_does_not_count_as_another_working_admin_key()
    {
        var station = await Given.SectionAsync();
        var limited = await Admin.KeyAsync("admin", stationIds: [station.StationId]);
        var bootstrap = await BootstrapKeyIdAsync();

        var res = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, bootstrap));

        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        await AssertBootstrapKeyWorksAsync(bootstrap);
        var revoked = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, limited.Id));
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "a limited admin key is never the last one");
    }

    async Task<long> BootstrapKeyIdAsync() =>
        (long)(await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100))
            .Single(k => CmsFactory.AdminKey.StartsWith((string)k["prefix"]!, StringComparison.Ordinal) && (string?)k["role"] == "admin")["id"]!;

    async Task AssertBootstrapKeyWorksAsync(long id)
    {
        var shown = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(shown["revokedAt"], Is.Null);
    }
}
