using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cms.Api.Tests.Auth;

public sealed partial class BootstrapKeyTests
{
    [Test]
    public async Task A_new_database_without_a_configured_key_prints_a_generated_admin_key_once()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cms-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Cms:DataDirectory"] = dataDirectory, ["Cms:BootstrapAdminKey"] = "" };
        var firstLog = new LogCapture();
        var secondLog = new LogCapture();

        var first = await TestHosts.StartAsync(settings, firstLog.Attach);
        var key = GeneratedKey().Match(firstLog.Text).Value;
        await TestHosts.StartAsync(settings, secondLog.Attach);

        Assert.That(key, Is.Not.Empty, firstLog.Text);
        Assert.That(GeneratedKey().IsMatch(secondLog.Text), Is.False, "the key is printed only when it is created");
        using var client = first.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var res = await client.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("key"), name = "松原站" });
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Keys_are_stored_hashed_never_in_clear()
    {
        var factory = await TestHosts.StartAsync(new Dictionary<string, string?>());

        await using var c = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "cms.db")};Pooling=False");
        var stored = (await c.QueryAsync<string>("SELECT key_hash FROM api_keys")).ToList();

        Assert.That(stored, Is.Not.Empty);
        Assert.That(stored, Has.None.Contains(CmsFactory.AdminKey));
        Assert.That(stored, Has.All.Matches("^[0-9a-f]{64}$"));
    }

    [GeneratedRegex(@"cms_[A-Za-z0-9_-]{43}")]
    private static partial Regex GeneratedKey();

    sealed class LogCapture : ILoggerProvider
    {
        readonly ConcurrentQueue<string> lines = new();

        public string Text => string.Join('\n', lines);

        public void Attach(IWebHostBuilder builder) =>
            builder.ConfigureServices(s => s.AddLogging(l => l.AddProvider(this)));

        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose() { }

        sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
