using System.Net.Http.Headers;
using Cms.Api.Tests.Features.Articles;
using Microsoft.AspNetCore.Hosting;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Base of every HTTP test fixture: one API host with its own temporary database per fixture.
/// Tests create the data they need, so their order never matters.</summary>
public abstract class ApiFixture
{
    readonly List<HttpClient> keyClients = [];

    protected CmsFactory Factory { get; private set; } = null!;

    /// <summary>A client without a key: the public.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client with the bootstrap admin key.</summary>
    protected HttpClient Admin { get; private set; } = null!;

    protected Given Given { get; private set; } = null!;

    /// <summary>Configuration for this fixture's host, on top of the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>True to serve this fixture over real sockets (see <see cref="TestHosts.StartAsync"/>).</summary>
    protected virtual bool OverTheNetwork => false;

    /// <summary>Changes to this fixture's host beyond configuration, such as another clock.</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    [OneTimeSetUp]
    public async Task StartApi()
    {
        Factory = await TestHosts.StartAsync(Settings, ConfigureHost, OverTheNetwork);
        Anonymous = Factory.CreateClient();
        Admin = ClientWithKey(CmsFactory.AdminKey);
        Given = new Given(Admin);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        Anonymous?.Dispose();
        Admin?.Dispose();
    }

    [TearDown]
    public void DisposeKeyClients()
    {
        keyClients.ForEach(c => c.Dispose());
        keyClients.Clear();
    }

    /// <summary>A new key made by the admin, and a client with it (see <see cref="ClientWithKey"/>) that is disposed
    /// when the test ends.</summary>
    protected async Task<(HttpClient Client, CreatedKey Key)> NewKeyClientAsync(string role, long? authorId = null,
        long[]? stationIds = null, string? name = null)
    {
        var key = await Admin.KeyAsync(role, authorId, stationIds, name: name);
        var client = ClientWithKey(key.Secret);
        keyClients.Add(client);
        return (client, key);
    }

    /// <summary>A section of its own, an author, and a client with a key of this role that acts as that author.</summary>
    protected async Task<((long StationId, long ChannelId) Section, long AuthorId, HttpClient Client)> KeyWithSectionAsync(string role)
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("李雪");
        var (client, _) = await NewKeyClientAsync(role, authorId: author.Id());
        return (section, author.Id(), client);
    }

    /// <summary>A client with this key that sends "If-Match: *" on changes without one (see <see cref="IfMatchAnyHandler"/>).</summary>
    protected HttpClient ClientWithKey(string key)
    {
        var client = Factory.CreateDefaultClient(new IfMatchAnyHandler());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client with this key that sends exactly the headers a test gives it.</summary>
    protected HttpClient StrictClientWithKey(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
