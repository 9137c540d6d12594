using Microsoft.AspNetCore.Hosting;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Starts API hosts one at a time and keeps them until the whole run ends: FastEndpoints configures some
/// process-wide state while a host starts, and a disposed host must not be reachable from a running one.
/// <see cref="TestRun"/> stops them all, with their data directories, when the run ends.</summary>
public static class TestHosts
{
    static readonly SemaphoreSlim StartLock = new(1, 1);
    static readonly List<CmsFactory> Started = [];

    /// <param name="kestrel">Serve over real sockets (Kestrel on a free local port) instead of in memory: for what only a
    /// network shows, such as a client whose connection breaks.</param>
    public static async Task<CmsFactory> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null,
        bool kestrel = false)
    {
        await StartLock.WaitAsync();
        try
        {
            var factory = new CmsFactory(settings, configure);
            if (kestrel) { factory.UseKestrel(0); }
            factory.StartServer();
            lock (Started) { Started.Add(factory); }
            return factory;
        }
        finally
        {
            StartLock.Release();
        }
    }

    public static async Task StopAll()
    {
        List<CmsFactory> all;
        lock (Started) { all = [.. Started]; }
        foreach (var factory in all) { await factory.DisposeAsync(); }
    }
}
