using System.Net;
using System.Net.Http.Headers;
using Cms.Api.Features.Health;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Http;

/// <summary>Limits per API key and, without a key, per client address: one greedy client slows only itself.
/// The windows are a minute long and the limits tiny, so every test exhausts its own partition by counting requests.</summary>
public sealed class RateLimitTests : ApiFixture
{
    const int AnonymousLimit = 4;
    const int KeyLimit = 3;
    const string Read = ApiRoutes.Prefix + ListStationsRequest.Route;

    static int addressCounter;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:RateLimits:AnonymousPerMinute"] = AnonymousLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cms:RateLimits:KeyPerMinute"] = KeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureHost(IWebHostBuilder builder) => ClientAddressHeader.Attach(builder);

    [Test]
    public async Task Anonymous_reads_beyond_the_limit_are_429_with_Retry_After_and_a_problem()
    {
        using var reader = ClientFrom(NewAddress());
        await ExhaustAsync(reader, AnonymousLimit);

        var res = await reader.GetAsync(Read);

        var problem = await res.ExpectProblemAsync(ProblemTypes.RateLimited);
        Assert.That(res.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That((string?)problem["detail"], Does.Contain("Retry-After"));
        Assert.That((string?)problem["traceId"], Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Every_address_has_a_limit_of_its_own()
    {
        using var greedy = ClientFrom(NewAddress());
        using var neighbour = ClientFrom(NewAddress());
        await ExhaustAsync(greedy, AnonymousLimit);

        var res = await neighbour.GetAsync(Read);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await greedy.GetAsync(Read)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Requests_with_a_key_beyond_its_limit_are_429_with_Retry_After_and_a_problem()
    {
        using var client = ClientFrom(NewAddress(), await NewKeyAsync());
        await ExhaustAsync(client, KeyLimit);

        var res = await client.GetAsync(Read);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(res.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That((string?)problem["detail"], Does.Contain("API key"));
    }

    [Test]
    public async Task A_key_is_limited_as_one_client_wherever_its_requests_come_from()
    {
        var key = await NewKeyAsync();
        for (var i = 0; i < KeyLimit; i++)
        {
            using var elsewhere = ClientFrom(NewAddress(), key);
            Assert.That((await elsewhere.GetAsync(Read)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var client = ClientFrom(NewAddress(), key);

        var res = await client.GetAsync(Read);

        await res.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task An_exhausted_key_blocks_neither_another_key_nor_anonymous_readers_at_the_same_address()
    {
        var address = NewAddress();
        using var greedy = ClientFrom(address, await NewKeyAsync());
        using var colleague = ClientFrom(address, await NewKeyAsync());
        using var reader = ClientFrom(address);
        await ExhaustAsync(greedy, KeyLimit);

        var withOtherKey = await colleague.GetAsync(Read);
        var anonymous = await reader.GetAsync(Read);

        Assert.That(withOtherKey.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await greedy.GetAsync(Read)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task An_exhausted_address_does_not_block_a_key_used_from_it()
    {
        var address = NewAddress();
        using var reader = ClientFrom(address);
        using var editor = ClientFrom(address, await NewKeyAsync());
        await ExhaustAsync(reader, AnonymousLimit);

        var res = await editor.GetAsync(Read);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await reader.GetAsync(Read)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Guessing_keys_counts_against_the_address_it_comes_from()
    {
        var address = NewAddress();
        using var guesser = ClientFrom(address, "cms_a-guess");
        using var reader = ClientFrom(address);
        for (var i = 0; i < AnonymousLimit; i++)
        {
            Assert.That((await guesser.GetAsync(Read)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var guess = await guesser.GetAsync(Read);
        var read = await reader.GetAsync(Read);

        await guess.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        await read.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Every_answer_says_the_limit_what_is_left_of_it_and_when_the_window_ends()
    {
        using var reader = ClientFrom(NewAddress());

        var first = await reader.GetAsync(Read);
        var second = await reader.GetAsync(Read + "/987654321");

        Assert.That(Limits(first), Is.EqualTo((AnonymousLimit, AnonymousLimit - 1)));
        Assert.That(Limits(second), Is.EqualTo((AnonymousLimit, AnonymousLimit - 2)), "a 404 counts and says so too");
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ResetSeconds(first), Is.InRange(1, 60));
        Assert.That(ResetSeconds(second), Is.InRange(1, ResetSeconds(first)), "the window's end does not move");
    }

    [Test]
    public async Task A_key_is_told_its_own_limit()
    {
        using var client = ClientFrom(NewAddress(), await NewKeyAsync());

        var res = await client.GetAsync(Read);

        Assert.That(Limits(res), Is.EqualTo((KeyLimit, KeyLimit - 1)));
    }

    [Test]
    public async Task A_429_says_nothing_is_left_until_Retry_After()
    {
        using var reader = ClientFrom(NewAddress());
        await ExhaustAsync(reader, AnonymousLimit);

        var res = await reader.GetAsync(Read);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Limits(res), Is.EqualTo((AnonymousLimit, 0)));
        Assert.That(ResetSeconds(res), Is.EqualTo((int)res.Headers.RetryAfter!.Delta!.Value.TotalSeconds));
    }

    [Test]
    public async Task A_web_page_on_another_origin_may_read_the_limit_headers()
    {
        using var page = ClientFrom(NewAddress());
        using var request = new HttpRequestMessage(HttpMethod.Get, Read);
        request.Headers.Add("Origin", "https://news.example.com");

        var res = await page.SendAsync(request);

        var exposed = res.Headers.GetValues("Access-Control-Expose-Headers").Single().Split(", ");
        Assert.That(exposed, Is.SupersetOf(new[] { "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset" }));
    }

    [TestCase(GetHealthEndpoint.Route)]
    [TestCase(GetLivenessEndpoint.Route)]
    public async Task Health_probes_carry_no_limit_headers(string probe)
    {
        using var monitor = ClientFrom(NewAddress());

        var res = await monitor.GetAsync(probe);

        Assert.That(res.Headers.Contains("RateLimit-Limit"), Is.False);
    }

    static (int Limit, int Remaining) Limits(HttpResponseMessage res) =>
        (Header(res, "RateLimit-Limit"), Header(res, "RateLimit-Remaining"));

    static int ResetSeconds(HttpResponseMessage res) => Header(res, "RateLimit-Reset");

    static int Header(HttpResponseMessage res, string name) =>
        res.Headers.TryGetValues(name, out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture)
        : throw new AssertionException($"{name} is missing ({(int)res.StatusCode})");

    [TestCase(GetHealthEndpoint.Route)]
    [TestCase(GetLivenessEndpoint.Route)]
    public async Task Health_probes_are_never_limited(string probe)
    {
        using var monitor = ClientFrom(NewAddress());
        await ExhaustAsync(monitor, AnonymousLimit);

        for (var i = 0; i < AnonymousLimit * 3; i++)
        {
            var res = await monitor.GetAsync(probe);

            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"probe {i + 1}");
        }
    }

    [Test]
    public async Task Requests_without_a_client_address_share_one_limit_instead_of_none()
    {
        using var first = Factory.CreateClient();
        using var second = Factory.CreateClient();
        await ExhaustAsync(first, AnonymousLimit);

        var res = await second.GetAsync(Read);

        await res.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Addresses_in_one_IPv6_slash_64_share_a_limit()
    {
        var site = Interlocked.Increment(ref addressCounter);
        using var first = ClientFrom($"2001:db8:{site:x}:7::1");
        using var sameNetwork = ClientFrom($"2001:db8:{site:x}:7:a:b:c:d");
        using var otherNetwork = ClientFrom($"2001:db8:{site:x}:8::1");
        await ExhaustAsync(first, AnonymousLimit);

        var shared = await sameNetwork.GetAsync(Read);
        var separate = await otherNetwork.GetAsync(Read);

        await shared.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(separate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Preflights_do_not_use_up_the_limit()
    {
        using var page = ClientFrom(NewAddress());
        for (var i = 0; i < AnonymousLimit * 2; i++)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, Read);
            preflight.Headers.Add("Origin", "https://news.example.com");
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            Assert.That((await page.SendAsync(preflight)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var res = await page.GetAsync(Read);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    static string NewAddress()
    {
        var n = Interlocked.Increment(ref addressCounter);
        return $"198.51.{n / 250}.{n % 250 + 1}";
    }

    HttpClient ClientFrom(string address, string? key = null)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressHeader.Name, address);
        if (key is not null) { client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key); }
        return client;
    }

    static async Task ExhaustAsync(HttpClient client, int limit)
    {
        for (var i = 0; i < limit; i++)
        {
            var res = await client.GetAsync(Read);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i + 1} of {limit} is within the limit");
        }
    }

    /// <summary>A key of its own for one test, so no test spends another's allowance (the admin key has one too).</summary>
    async Task<string> NewKeyAsync()
    {
        var key = ApiKeys.Generate();
        await using var c = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Pooling=False");
        await c.ExecuteAsync(
            "INSERT INTO api_keys (name, prefix, key_hash, role, created_at) VALUES (@name, @prefix, @hash, 'editor', '2024-01-02T06:36:00.000Z')",
            new { name = Given.UniqueSlug("limited"), prefix = ApiKeys.Prefix(key), hash = ApiKeys.Hash(key) });
        return key;
    }
}

/// <summary>With the limits turned off, nothing is ever 429, however low the numbers.</summary>
public sealed class RateLimitSwitchTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:RateLimits:Enabled"] = "false",
        ["Cms:RateLimits:AnonymousPerMinute"] = "1",
        ["Cms:RateLimits:KeyPerMinute"] = "1",
    };

    [Test]
    public async Task Rate_limits_can_be_turned_off_by_configuration()
    {
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await Anonymous.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).StatusCode);
            statuses.Add((await Admin.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).StatusCode);
        }

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK));
    }
}

/// <summary>The test server gives requests no client address; this lets a test say which address a request comes from.</summary>
static class ClientAddressHeader
{
    public const string Name = "X-Test-Client-Address";

    public static void Attach(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, Filter>());

    sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, nextMiddleware) =>
            {
                if (IPAddress.TryParse(ctx.Request.Headers[Name].ToString(), out var address)) { ctx.Connection.RemoteIpAddress = address; }
                return nextMiddleware(ctx);
            });
            next(app);
        };
    }
}

/// <summary>Clients learn from the contract that every operation but the health probes may answer 429.</summary>
public sealed class RateLimitContractTests : ApiFixture
{
    static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    [Test]
    public async Task Every_limited_operation_documents_429_with_Retry_After_and_the_probes_do_not()
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

        var operations = doc["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(v => Verbs.Contains(v.Key)).Select(v => (Path: path.Key, Op: v.Value!)))
            .ToList();

        Assert.That(operations, Has.Count.GreaterThan(2));
        foreach (var (path, op) in operations)
        {
            var tooMany = op["responses"]!["429"];
            if (path.StartsWith(GetHealthEndpoint.Route, StringComparison.Ordinal))
            {
                Assert.That(tooMany, Is.Null, path);
                continue;
            }
            Assert.That((string?)tooMany?["content"]?["application/problem+json"]?["schema"]?["$ref"], Is.EqualTo("#/components/schemas/ProblemDocument"), path);
            Assert.That((string?)tooMany?["headers"]?["Retry-After"]?["schema"]?["type"], Is.EqualTo("integer"), path);
        }
    }
}
