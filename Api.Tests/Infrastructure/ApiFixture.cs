using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Base of every HTTP test fixture. Fixtures with the same configuration share one API host and its database
/// (see <see cref="TestHosts"/>); tests create the data they need under unique slugs and look only at that data, so
/// their order and their neighbours never matter. A fixture that must see a database no one else writes to (one that
/// counts rows, fingerprints files or moves the clock) asks for a host of its own.</summary>
public abstract class ApiFixture
{
    readonly List<HttpClient> keyClients = [];

    protected CmsFactory Factory { get; private set; } = null!;

    /// <summary>A client without a key: the public.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client with the bootstrap admin key.</summary>
    protected HttpClient Admin { get; private set; } = null!;

    protected Given Given { get; private set; } = null!;

    /// <summary>The host's clock, which the tests move by hand when <see cref="MovesClock"/> is true.</summary>
    protected SettableClock Clock { get; } = new();

    /// <summary>Configuration for this fixture's host, on top of the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>True to serve this fixture over real sockets (see <see cref="TestHosts.StartAsync"/>).</summary>
    protected virtual bool OverTheNetwork => false;

    /// <summary>True when the host runs on <see cref="Clock"/>: such a host is the fixture's own, since moving a shared
    /// clock would move it under every other fixture.</summary>
    protected virtual bool MovesClock => false;

    /// <summary>True when the fixture must be alone with its database: it counts or fingerprints everything there.</summary>
    protected virtual bool NeedsDatabaseOfItsOwn => false;

    /// <summary>Changes to this fixture's host beyond configuration. Fixtures share a host only with fixtures whose
    /// change comes from the same class.</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    /// <summary>Fixtures with equal keys share a host: the settings, who changes the host, and how it is served.</summary>
    string HostKey()
    {
        if (MovesClock || NeedsDatabaseOfItsOwn) { return GetType().FullName!; }
        var configuredBy = GetType().GetMethod(nameof(ConfigureHost), BindingFlags.Instance | BindingFlags.NonPublic)!.DeclaringType!;
        var settings = Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}");
        return $"{string.Join(";", settings)}|{configuredBy.FullName}|{(OverTheNetwork ? "kestrel" : "memory")}";
    }

    void Configure(IWebHostBuilder builder)
    {
        if (MovesClock) { builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)); }
        ConfigureHost(builder);
    }

    [OneTimeSetUp]
    public async Task StartApi()
    {
        Factory = await TestHosts.SharedAsync(HostKey(), Settings, Configure, OverTheNetwork);
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
