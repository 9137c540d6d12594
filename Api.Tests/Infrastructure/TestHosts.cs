using Microsoft.AspNetCore.Hosting;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>The API hosts of a test run: one per configuration, shared by every fixture that asks for that
/// configuration, started one at a time and kept until the whole run ends. FastEndpoints configures some
/// process-wide state while a host starts, and a disposed host must not be reachable from a running one.
/// <see cref="TestRun"/> stops them all, with their data directories, when the run ends.</summary>
public static class TestHosts
{
    static readonly SemaphoreSlim StartLock = new(1, 1);
    static readonly Dictionary<string, CmsFactory> Shared = [];
    static readonly List<CmsFactory> Started = [];

    /// <summary>The host started for this configuration key, started now if it is the first to ask.</summary>
    public static async Task<CmsFactory> SharedAsync(string key, IReadOnlyDictionary<string, string?> settings,
        Action<IWebHostBuilder>? configure = null, bool kestrel = false)
    {
        await StartLock.WaitAsync();
        try
        {
            if (!Shared.TryGetValue(key, out var factory))
            {
                factory = Start(settings, configure, kestrel);
                Shared.Add(key, factory);
            }
            return factory;
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>A host of its own, for a test about starting (a restart on the same data directory, a first start).</summary>
    /// <param name="kestrel">Serve over real sockets (Kestrel on a free local port) instead of in memory: for what only a
    /// network shows, such as a client whose connection breaks.</param>
    public static async Task<CmsFactory> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null,
        bool kestrel = false)
    {
        await StartLock.WaitAsync();
        try
        {
            return Start(settings, configure, kestrel);
        }
        finally
        {
            StartLock.Release();
        }
    }

    static CmsFactory Start(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure, bool kestrel)
    {
        var factory = new CmsFactory(settings, configure);
        if (kestrel) { factory.UseKestrel(0); }
        factory.StartServer();
        lock (Started) { Started.Add(factory); }
        return factory;
    }

    public static async Task<int> StopAll()
    {
        List<CmsFactory> all;
        lock (Started) { all = [.. Started]; }
        foreach (var factory in all) { await factory.DisposeAsync(); }
        return all.Count;
    }
}
