using System.Net;
using Cms.Api.Features.Keys;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Auth;

/// <summary>Issue 13 row 8: a chosen key is long enough to be a secret, and no key is ever shown beyond a fixed prefix.</summary>
public sealed class KeyStrengthTests : ApiFixture
{
    [TestCase("my-dev-key")]
    [TestCase("cms_0123456789abcdefghijklmnopq")]
    [TestCase("abababababababababababababababababababab")]
    public void A_weak_bootstrap_key_stops_the_start_with_a_clear_error(string weak)
    {
        Assert.That(weak.Length < 32 || weak.Distinct().Count() < 10, "the case is a weak key");

        // The start-up runs this with Cms:BootstrapAdminKey; Program.cs logs the message and exits with 1.
        var keys = Factory.Services.GetRequiredService<ApiKeyRepository>();

        var error = Assert.ThrowsAsync<WeakBootstrapKeyException>(() => keys.EnsureBootstrapAdminAsync(weak, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Cms:BootstrapAdminKey is too weak"));
    }

    [Test]
    public async Task A_created_key_shows_only_its_first_8_characters_afterwards()
    {
        var created = await Admin.KeyAsync("editor");

        var shown = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, created.Id))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)shown["prefix"], Is.EqualTo(created.Secret[..8]));
        Assert.That((string?)created.Body["prefix"], Is.EqualTo(created.Secret[..8]));
    }

    [Test]
    public async Task The_bootstrap_key_shows_only_its_first_8_characters()
    {
        var keys = await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100);

        Assert.That(keys.Select(k => (string?)k["prefix"]), Has.All.Length.LessThanOrEqualTo(8));
        Assert.That(keys.Select(k => (string?)k["prefix"]), Does.Contain(CmsFactory.AdminKey[..8]));
    }

    [Test]
    public async Task A_short_key_stored_before_keys_had_a_minimum_shows_only_a_third_of_itself()
    {
        var legacy = "k" + Guid.NewGuid().ToString("N")[..9];
        long id;
        await using (var c = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Pooling=False"))
        {
            id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO api_keys (name, prefix, key_hash, role, created_at) VALUES ('legacy', @legacy, @hash, 'editor', '2024-01-02T06:36:00.000Z') RETURNING id",
                new { legacy, hash = ApiKeys.Hash(legacy) });
        }

        var shown = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)shown["prefix"], Is.EqualTo(legacy[..3]));
    }
}
