using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Auth;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Features.Keys;

public sealed class KeysTests : ApiFixture
{
    static readonly string[] KeyFields = ["id", "name", "prefix", "role", "authorId", "stationIds", "expiresAt", "readOnly", "createdAt", "lastUsedAt", "revokedAt"];

    [Test]
    public async Task A_new_key_works_at_once()
    {
        var key = await Admin.KeyAsync("editor");
        using var client = ClientWithKey(key.Secret);

        var res = await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task The_key_itself_is_shown_when_it_is_created_and_never_again()
    {
        var created = await Admin.KeyAsync("author");

        var one = await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, created.Id));
        var list = await Admin.GetAsync($"{AccessApi.KeysPath}?limit=100");

        Assert.That(created.Secret, Does.StartWith((string)created.Body["prefix"]!));
        Assert.That(created.Secret.Length, Is.GreaterThan(((string)created.Body["prefix"]!).Length), "the prefix is only the start of the key");
        var oneText = await one.Content.ReadAsStringAsync();
        var listText = await list.Content.ReadAsStringAsync();
        Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.OK), oneText);
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), listText);
        Assert.That(oneText, Does.Not.Contain(created.Secret));
        Assert.That(listText, Does.Not.Contain(created.Secret));
        Assert.That(JsonNode.Parse(oneText)!.AsObject().Select(p => p.Key), Is.EquivalentTo(KeyFields));
        var listed = JsonNode.Parse(listText)!["items"]!.AsArray().Single(k => (long)k!["id"]! == created.Id)!;
        Assert.That(listed.AsObject().Select(p => p.Key), Is.EquivalentTo(KeyFields));
    }

    [Test]
    public async Task A_key_is_shown_with_its_prefix_role_author_stations_expiry_and_read_only_flag()
    {
        var author = await Given.AuthorAsync("李雪");
        var station = await Given.StationAsync();
        var expiresAt = new DateTimeOffset(2099, 1, 2, 14, 36, 0, TimeSpan.FromHours(8));
        var created = await Admin.KeyAsync("contributor", authorId: author.Id(), stationIds: [(long)station["id"]!], expiresAt: expiresAt,
            readOnly: true, name: "长岭县通讯员 李雪");

        var one = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, created.Id))).ExpectJsonAsync(HttpStatusCode.OK);
        var listed = (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Single(k => (long)k["id"]! == created.Id);

        foreach (var key in new[] { created.Body, one, listed })
        {
            Assert.That((string?)key["name"], Is.EqualTo("长岭县通讯员 李雪"));
            Assert.That((string?)key["prefix"], Is.EqualTo((string)created.Body["prefix"]!).And.Not.Empty);
            Assert.That((string?)key["role"], Is.EqualTo("contributor"));
            Assert.That((long?)key["authorId"], Is.EqualTo(author.Id()));
            Assert.That(key["stationIds"]!.AsArray().Select(s => (long)s!), Is.EqualTo(new[] { (long)station["id"]! }));
            Assert.That((string?)key["expiresAt"], Is.EqualTo("2099-01-02T06:36:00Z"));
            Assert.That((bool?)key["readOnly"], Is.True);
            Assert.That(key["revokedAt"], Is.Null);
        }
    }

    [Test]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var created = await Admin.KeyAsync("editor");

        var stored = await StoredKeyAsync(created.Id);

        Assert.That(stored.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            Has.None.Contains(created.Secret).And.None.Contains(created.Secret[((string)created.Body["prefix"]!).Length..]));
        Assert.That(stored["key_hash"], Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task The_last_use_of_a_key_is_recorded()
    {
        var created = await Admin.KeyAsync("editor");
        using var client = ClientWithKey(created.Secret);
        var unused = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, created.Id))).ExpectJsonAsync(HttpStatusCode.OK);

        await (await client.GetAsync(ApiRoutes.For(ListArticlesRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);

        var used = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, created.Id))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(unused["lastUsedAt"], Is.Null);
        Assert.That((DateTime?)used["lastUsedAt"], Is.Not.Null.And.GreaterThanOrEqualTo((DateTime)created.Body["createdAt"]!));
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once_on_writes_and_on_reads()
    {
        var section = await Given.SectionAsync();
        var created = await Admin.KeyAsync("editor");
        using var client = ClientWithKey(created.Secret);
        await (await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);

        var revoke = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, created.Id));

        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await revoke.Content.ReadAsStringAsync());
        await (await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route))).ExpectUnauthorizedAsync();
        await (await client.GetAsync(ApiRoutes.For(ListArticlesRequest.Route))).ExpectUnauthorizedAsync();
        await (await client.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title = "不应保存", stationId = section.StationId, channelId = section.ChannelId,
        })).ExpectUnauthorizedAsync();
        var shown = await (await Admin.GetAsync(ApiRoutes.For(GetKeyRequest.Route, created.Id))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((DateTime?)shown["revokedAt"], Is.Not.Null);
    }

    [Test]
    public async Task Revoking_a_key_twice_is_404_the_second_time()
    {
        var created = await Admin.KeyAsync("author");
        await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, created.Id));

        var again = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, created.Id));

        await again.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_admin_key_can_be_revoked_while_another_working_admin_key_remains()
    {
        var other = await Admin.KeyAsync("admin");
        using var client = ClientWithKey(other.Secret);

        var res = await Admin.DeleteAsync(ApiRoutes.For(RevokeKeyRequest.Route, other.Id));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
        await (await client.GetAsync(AccessApi.KeysPath)).ExpectUnauthorizedAsync();
    }

    [TestCase(ApiRoutes.Prefix + ListArticlesRequest.Route)]
    [TestCase(ApiRoutes.Prefix + ListTrashRequest.Route)]
    [TestCase(ApiRoutes.Prefix + ListKeysRequest.Route)]
    public async Task An_unknown_key_is_401_even_on_a_public_read(string url)
    {
        using var client = ClientWithKey("cms_" + new string('x', 43));

        var res = await client.GetAsync(url);

        var problem = await res.ExpectUnauthorizedAsync();
        Assert.That((string?)problem["detail"], Does.Contain("not valid"));
    }

    [Test]
    public async Task An_unknown_key_cannot_write()
    {
        using var client = ClientWithKey("cms_" + new string('x', 43));
        var slug = Given.UniqueSlug("station");

        var res = await client.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug, name = "白城站" });

        await res.ExpectUnauthorizedAsync();
        Assert.That(await Admin.AllSlugsAsync(ApiRoutes.For(ListStationsRequest.Route)), Does.Not.Contain(slug));
    }

    [Test]
    public async Task An_authorization_header_that_is_not_a_bearer_key_is_401()
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:admin"u8.ToArray()));

        var res = await client.GetAsync(AccessApi.KeysPath);

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("superuser")]
    [TestCase("4", Description = "the number of the admin role")]
    [TestCase("")]
    public async Task A_key_with_an_unknown_role_is_refused_and_not_created(string role)
    {
        var name = Given.UniqueSlug("key");

        var res = await Admin.PostJsonAsync(AccessApi.KeysPath, new { name, role });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("role"), Is.Not.Empty);
        Assert.That(await KeyNamesAsync(), Does.Not.Contain(name));
    }

    [Test]
    public async Task A_key_that_would_expire_in_the_past_is_refused_and_not_created()
    {
        var name = Given.UniqueSlug("key");

        var res = await Admin.PostJsonAsync(AccessApi.KeysPath, new { name, role = "editor", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("expiresAt"), Is.Not.Empty);
        Assert.That(await KeyNamesAsync(), Does.Not.Contain(name));
    }

    [Test]
    public async Task A_key_acting_as_an_unknown_author_is_422_and_not_created()
    {
        var name = Given.UniqueSlug("key");

        var res = await Admin.PostJsonAsync(AccessApi.KeysPath, new { name, role = "author", authorId = 987654321 });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("authorId"), Is.Not.Empty);
        Assert.That(await KeyNamesAsync(), Does.Not.Contain(name));
    }

    [Test]
    public async Task A_key_limited_to_an_unknown_station_is_422_naming_it_and_not_created()
    {
        var station = await Given.StationAsync();
        var name = Given.UniqueSlug("key");

        var res = await Admin.PostJsonAsync(AccessApi.KeysPath, new { name, role = "editor", stationIds = new[] { (long)station["id"]!, 987654321 } });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("stationIds"), Has.Some.Contains("987654321"));
        Assert.That(await KeyNamesAsync(), Does.Not.Contain(name));
    }

    async Task<List<string?>> KeyNamesAsync() =>
        (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Select(k => (string?)k["name"]).ToList();

    async Task<IDictionary<string, object?>> StoredKeyAsync(long id)
    {
        await using var c = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Mode=ReadOnly;Pooling=False");
        var row = (IDictionary<string, object?>)await c.QuerySingleAsync("SELECT * FROM api_keys WHERE id = @id", new { id });
        return row;
    }
}
