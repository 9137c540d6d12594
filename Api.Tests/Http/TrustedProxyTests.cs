using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure.Protection;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cms.Api.Tests.Http;

/// <summary>Behind a reverse proxy every request arrives from the proxy. The client's address (rate limits, audit) and
/// scheme (absolute links) come from X-Forwarded-For and X-Forwarded-Proto, believed only from a trusted proxy:
/// by default one on the same machine.</summary>
public sealed class TrustedProxyTests : ApiFixture
{
    const int AnonymousLimit = 3;
    const string Read = ApiRoutes.Prefix + ListStationsRequest.Route;
    const string LocalProxy = "127.0.0.1";

    static int addressCounter;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:RateLimits:AnonymousPerMinute"] = AnonymousLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureHost(IWebHostBuilder builder) => ClientAddressHeader.Attach(builder);

    [Test]
    public async Task Readers_behind_a_local_proxy_each_have_a_limit_of_their_own()
    {
        var greedy = NewAddress();
        for (var i = 0; i < AnonymousLimit; i++)
        {
            Assert.That((await SendAsync(LocalProxy, forwardedFor: greedy)).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i + 1}");
        }

        var neighbour = await SendAsync(LocalProxy, forwardedFor: NewAddress());
        var again = await SendAsync(LocalProxy, forwardedFor: greedy);

        Assert.That(neighbour.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another reader behind the same proxy");
        await again.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task A_client_that_connects_directly_cannot_escape_its_limit_by_writing_X_Forwarded_For()
    {
        var client = NewAddress();
        for (var i = 0; i < AnonymousLimit; i++)
        {
            Assert.That((await SendAsync(client, forwardedFor: NewAddress())).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i + 1}");
        }

        var res = await SendAsync(client, forwardedFor: NewAddress());

        await res.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task An_address_a_client_puts_in_front_of_the_one_the_proxy_saw_is_ignored()
    {
        var client = NewAddress();
        for (var i = 0; i < AnonymousLimit; i++)
        {
            var forged = $"{NewAddress()}, {client}";
            Assert.That((await SendAsync(LocalProxy, forwardedFor: forged)).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i + 1}");
        }

        var res = await SendAsync(LocalProxy, forwardedFor: $"{NewAddress()}, {client}");

        await res.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task The_audit_log_names_the_client_behind_the_proxy_not_the_proxy()
    {
        var editorAddress = NewAddress();

        var created = await SendAsync(LocalProxy, forwardedFor: editorAddress, key: CmsFactory.AdminKey,
            post: new { slug = Given.UniqueSlug("proxied"), name = "白城站" });

        await created.ExpectJsonAsync(HttpStatusCode.Created);
        var audit = await (await Admin.GetAsync($"{ApiRoutes.For(ListAuditRequest.Route)}?limit=1")).ExpectJsonAsync(HttpStatusCode.OK);
        var entry = audit["items"]!.AsArray().Single()!;
        Assert.That((string?)entry["path"], Is.EqualTo(Read));
        Assert.That((string?)entry["clientAddress"], Is.EqualTo(editorAddress));
    }

    [Test]
    public async Task Links_use_the_scheme_the_local_proxy_was_reached_by()
    {
        var res = await SendAsync(LocalProxy, forwardedFor: NewAddress(), forwardedProto: "https", path: ApiRoutes.For(PortalFeedRequest.Route, "json"));

        var feed = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)feed["feed_url"], Is.EqualTo("https://localhost/api/v1/feeds/articles.json"));
    }

    [Test]
    public async Task A_scheme_claimed_by_a_client_that_connects_directly_is_ignored()
    {
        var res = await SendAsync(NewAddress(), forwardedFor: NewAddress(), forwardedProto: "https", path: ApiRoutes.For(PortalFeedRequest.Route, "json"));

        var feed = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)feed["feed_url"], Is.EqualTo("http://localhost/api/v1/feeds/articles.json"));
    }

    internal static string NewAddress()
    {
        var n = Interlocked.Increment(ref addressCounter);
        return $"203.0.{n / 250}.{n % 250 + 1}";
    }

    Task<HttpResponseMessage> SendAsync(string from, string forwardedFor, string? forwardedProto = null, string? key = null,
        object? post = null, string path = Read) =>
        ProxiedRequest.SendAsync(Factory.CreateClient(), from, forwardedFor, forwardedProto, key, post, path);
}

/// <summary>Proxies named in Cms:Proxies:Trusted (addresses or networks) replace the default: the local machine is
/// then trusted only if it is named.</summary>
public sealed class ConfiguredProxyTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:RateLimits:AnonymousPerMinute"] = "1",
        ["Cms:Proxies:Trusted"] = "10.0.0.0/8, 192.0.2.7",
    };

    protected override void ConfigureHost(IWebHostBuilder builder) => ClientAddressHeader.Attach(builder);

    [TestCase("10.20.30.40")]
    [TestCase("192.0.2.7")]
    public async Task A_proxy_in_a_trusted_network_or_at_a_trusted_address_forwards_the_clients_address(string proxy)
    {
        var reader = TrustedProxyTests.NewAddress();
        Assert.That((await SendAsync(proxy, reader)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var neighbour = await SendAsync(proxy, TrustedProxyTests.NewAddress());
        var again = await SendAsync(proxy, reader);

        Assert.That(neighbour.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another reader behind the same proxy");
        await again.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [TestCase("127.0.0.1")]
    [TestCase("192.0.2.8")]
    public async Task Any_other_sender_is_the_client_itself_whatever_it_forwards(string sender)
    {
        Assert.That((await SendAsync(sender, TrustedProxyTests.NewAddress())).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var res = await SendAsync(sender, TrustedProxyTests.NewAddress());

        await res.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    Task<HttpResponseMessage> SendAsync(string from, string forwardedFor) =>
        ProxiedRequest.SendAsync(Factory.CreateClient(), from, forwardedFor, null, null, null, ApiRoutes.For(ListStationsRequest.Route));
}

public sealed class TrustedProxyConfigurationTests
{
    [TestCase("", 0)]
    [TestCase("10.0.0.0/8", 1)]
    [TestCase(" 10.0.0.0/8 , 192.0.2.7, ::1, 2001:db8::/32 ", 4)]
    public void Trusted_proxies_are_addresses_and_networks_separated_by_commas(string trusted, int count)
    {
        var networks = new CmsProxyOptions { Trusted = trusted }.Networks();

        Assert.That(networks, Has.Count.EqualTo(count));
    }

    [Test]
    public void A_single_address_is_trusted_alone_not_its_neighbours()
    {
        var network = new CmsProxyOptions { Trusted = "192.0.2.7" }.Networks()!.Single();

        Assert.That(network.Contains(IPAddress.Parse("192.0.2.7")), Is.True);
        Assert.That(network.Contains(IPAddress.Parse("192.0.2.8")), Is.False);
    }

    [TestCase("proxy.example.com")]
    [TestCase("10.0.0.0/33")]
    [TestCase("10.0.0.0/8; 192.0.2.7")]
    public void A_value_that_is_neither_an_address_nor_a_network_stops_the_app_with_a_message_saying_what_it_takes(string trusted)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cms:Proxies:Trusted"] = trusted })
            .Build();
        using var services = new ServiceCollection().AddCmsProtection(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<CmsProxyOptions>>().Value);

        Assert.That(ex!.Message, Does.Contain("Cms:Proxies:Trusted").And.Contain("10.0.0.0/8"));
    }
}

static class ProxiedRequest
{
    /// <summary>A request that reaches the API from <paramref name="from"/> with the forwarding headers a proxy (or a
    /// client pretending to be one) writes.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string from, string forwardedFor, string? forwardedProto,
        string? key, object? post, string path)
    {
        using (client)
        {
            using var req = new HttpRequestMessage(post is null ? HttpMethod.Get : HttpMethod.Post, path);
            req.Headers.Add(ClientAddressHeader.Name, from);
            req.Headers.Add("X-Forwarded-For", forwardedFor);
            if (forwardedProto is not null) { req.Headers.Add("X-Forwarded-Proto", forwardedProto); }
            if (key is not null) { req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key); }
            if (post is not null) { req.Content = JsonContent.Create(post); }
            var res = await client.SendAsync(req);
            await res.Content.LoadIntoBufferAsync();
            return res;
        }
    }
}
