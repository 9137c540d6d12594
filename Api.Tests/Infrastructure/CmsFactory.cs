using Cms.Api.Tests.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>The real API on a temporary data directory of its own (SQLite file and media folder). Every client it makes
/// checks each response against the committed contract (<see cref="ContractValidatingHandler"/>, next to the server).</summary>
public sealed class CmsFactory(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "cms_test-admin-key-for-the-suite";

    /// <summary>A fixture's tests share one key and one (missing) client address: limits that never bite the suite.
    /// Fixtures about rate limits set their own.</summary>
    const string SuiteRateLimit = "1000000";

    public string DataDirectory { get; } = settings.TryGetValue("Cms:DataDirectory", out var dir) && dir is not null
        ? dir
        : Path.Combine(Path.GetTempPath(), "cms-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // A file watcher per host is an inotify instance; Linux gives a user 128, and a suite of hosts took most of them.
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("Cms:DataDirectory", DataDirectory);
        builder.UseSetting("Cms:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Cms:SeedDemoContent", "false");
        builder.UseSetting("Cms:RateLimits:AnonymousPerMinute", SuiteRateLimit);
        builder.UseSetting("Cms:RateLimits:KeyPerMinute", SuiteRateLimit);
        foreach (var (key, value) in settings) { builder.UseSetting(key, value); }
        configure?.Invoke(builder);
    }

    /// <summary>A client that follows redirects and keeps cookies, as <see cref="WebApplicationFactory{T}.CreateClient()"/>.</summary>
    public new HttpClient CreateClient() => CreateClient(ClientOptions);

    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        List<DelegatingHandler> handlers = [];
        if (options.AllowAutoRedirect) { handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections)); }
        if (options.HandleCookies) { handlers.Add(new CookieContainerHandler()); }
        return CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }

    public new HttpClient CreateDefaultClient(params DelegatingHandler[] handlers) =>
        base.CreateDefaultClient([.. handlers, new ContractValidatingHandler()]);

    public new HttpClient CreateDefaultClient(Uri baseAddress, params DelegatingHandler[] handlers)
    {
        var client = CreateDefaultClient(handlers);
        client.BaseAddress = baseAddress;
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) { RemoveDataDirectory(); }
    }

    /// <summary>WebApplicationFactory.DisposeAsync ends with Dispose(false), so the data directory goes here too.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        RemoveDataDirectory();
    }

    void RemoveDataDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
    }
}
