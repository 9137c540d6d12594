using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Auth;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Keys;

/// <summary>Keys with an expiry, on a host whose clock the tests move.</summary>
public sealed class KeyExpiryTests : ApiFixture
{
    protected override bool MovesClock => true;


    [Test]
    public async Task A_key_works_until_it_expires_and_is_then_refused_naming_the_expiry()
    {
        var created = await Admin.KeyAsync("editor", expiresAt: Clock.GetUtcNow().AddHours(1));
        using var client = ClientWithKey(created.Secret);
        var before = await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        Clock.Advance(TimeSpan.FromHours(1).Add(TimeSpan.FromSeconds(1)));
        var after = await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        await before.ExpectJsonAsync(HttpStatusCode.OK);
        var problem = await after.ExpectUnauthorizedAsync();
        Assert.That((string?)problem["detail"], Does.Contain("expired"));
    }

    [Test]
    public async Task An_expired_key_is_refused_on_public_reads_and_on_writes()
    {
        var section = await Given.SectionAsync();
        var created = await Admin.KeyAsync("admin", expiresAt: Clock.GetUtcNow().AddMinutes(5));
        using var client = ClientWithKey(created.Secret);
        var slug = Given.UniqueSlug("station");

        Clock.Advance(TimeSpan.FromMinutes(6));
        var read = await client.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?station={section.StationId}");
        var write = await client.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug, name = "白城站" });

        await read.ExpectUnauthorizedAsync();
        var problem = await write.ExpectUnauthorizedAsync();
        Assert.That((string?)problem["detail"], Does.Contain("expired"));
        Assert.That(await Admin.AllSlugsAsync(ApiRoutes.For(ListStationsRequest.Route)), Does.Not.Contain(slug));
    }

    [Test]
    public async Task A_key_is_refused_from_the_moment_of_its_expiry_on()
    {
        var expiresAt = Clock.GetUtcNow().AddMinutes(10);
        var created = await Admin.KeyAsync("editor", expiresAt: expiresAt);
        using var client = ClientWithKey(created.Secret);
        Clock.Advance(TimeSpan.FromMinutes(10));

        var res = await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        await res.ExpectUnauthorizedAsync();
    }

    [Test]
    public async Task A_key_that_has_expired_is_still_listed_with_its_expiry()
    {
        var expiresAt = Clock.GetUtcNow().AddMinutes(30);
        var created = await Admin.KeyAsync("author", expiresAt: expiresAt);
        Clock.Advance(TimeSpan.FromMinutes(31));

        var listed = (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Single(k => (long)k["id"]! == created.Id);

        Assert.That((DateTime?)listed["expiresAt"], Is.EqualTo(ArticleApi.ToMilliseconds(expiresAt.UtcDateTime)));
    }
}
