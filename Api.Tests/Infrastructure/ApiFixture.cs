using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Base of every HTTP test fixture: one API host with its own temporary database per fixture.
/// Tests create the data they need, so their order never matters.</summary>
public abstract class ApiFixture
{
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
