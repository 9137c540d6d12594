using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cms.Api.Tests.Browser;

/// <summary>Debian's nginx in front of the API, as a site mounts it: /cms/ on a free local port goes to the API's root,
/// with X-Forwarded-For, -Proto and -Prefix. It runs as one foreground process with its configuration, pid file, logs
/// and temp files in a folder of its own, and is stopped by its PID.</summary>
public sealed class NginxProxy : IDisposable
{
    readonly Process process;
    readonly string directory;

    NginxProxy(Process process, string directory, int port, string prefix)
    {
        this.process = process;
        this.directory = directory;
        Address = $"http://127.0.0.1:{port}{prefix}";
    }

    /// <summary>Where the API is reached through the proxy, such as http://127.0.0.1:41234/cms.</summary>
    public string Address { get; }

    public static async Task<NginxProxy> StartAsync(string upstream, string prefix, TimeSpan patience)
    {
        var directory = Directory.CreateTempSubdirectory("cms-nginx-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(directory, port, upstream, prefix));
        var start = new ProcessStartInfo(RealClients.Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-c", config, "-p", directory + "/", "-e", Path.Combine(directory, "error.log")]) { start.ArgumentList.Add(arg); }
        var process = Process.Start(start)!;
        var proxy = new NginxProxy(process, directory, port, prefix);
        try
        {
            await proxy.WaitUntilListeningAsync(port, patience);
        }
        catch
        {
            proxy.Dispose();
            throw;
        }
        return proxy;
    }

    async Task WaitUntilListeningAsync(int port, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (process.HasExited) { throw new InvalidOperationException($"nginx stopped at start: {ErrorLog()}"); }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Polls again shortly, or at once if nginx gave up.
                using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
                try { await process.WaitForExitAsync(pause.Token); }
                catch (OperationCanceledException) { }
            }
        }
    }

    string ErrorLog()
    {
        var log = Path.Combine(directory, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no error log)";
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>One process (no master, no workers that switch user), so the PID started is the one stopped.</summary>
    static string Config(string dir, int port, string upstream, string prefix) => $$"""
        daemon off;
        master_process off;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log;
        events { worker_connections 64; }
        http {
            access_log {{dir}}/access.log;
            client_body_temp_path {{dir}}/client_body;
            proxy_temp_path {{dir}}/proxy;
            fastcgi_temp_path {{dir}}/fastcgi;
            uwsgi_temp_path {{dir}}/uwsgi;
            scgi_temp_path {{dir}}/scgi;
            client_max_body_size 32m;
            server {
                listen 127.0.0.1:{{port}};
                location {{prefix}}/ {
                    proxy_pass {{upstream}}/;
                    proxy_http_version 1.1;
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Prefix {{prefix}};
                }
            }
        }
        """;
}
