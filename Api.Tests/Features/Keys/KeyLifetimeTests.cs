using System.Net;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Keys;

/// <summary>Issue 13 row 9: a key never creates a key that outlives it.</summary>
public sealed class KeyLifetimeTests : ApiFixture
{
    [Test]
    public async Task An_expiring_admin_key_may_not_create_a_key_that_never_expires()
    {
        var expiring = await ExpiringAdminAsync(TimeSpan.FromDays(1));

        var res = await expiring.PostJsonAsync(AccessApi.KeysPath, new { name = Given.UniqueSlug("forever"), role = "admin" });

        var problem = await res.ExpectForbiddenAsync();
        Assert.That(problem.ToJsonString(), Does.Contain("expiresAt"));
    }

    [Test]
    public async Task An_expiring_admin_key_may_not_create_a_key_that_expires_later()
    {
        var expiring = await ExpiringAdminAsync(TimeSpan.FromDays(1));

        var res = await expiring.PostJsonAsync(AccessApi.KeysPath,
            new { name = Given.UniqueSlug("later"), role = "editor", expiresAt = Clock.GetUtcNow().AddDays(2) });

        await res.ExpectForbiddenAsync();
    }

    [Test]
    public async Task An_expiring_admin_key_may_create_a_key_that_expires_no_later()
    {
        var expiring = await ExpiringAdminAsync(TimeSpan.FromDays(2));

        var created = await expiring.KeyAsync("editor", expiresAt: Clock.GetUtcNow().AddDays(1));

        Assert.That(created.Body["expiresAt"], Is.Not.Null);
    }

    async Task<HttpClient> ExpiringAdminAsync(TimeSpan left) =>
        ClientWithKey((await Admin.KeyAsync("admin", expiresAt: Clock.GetUtcNow().Add(left))).Secret);
}
