using System.Diagnostics;

namespace Cms.Api.Tests.Browser;

/// <summary>The browser and the proxy the real-client tests drive are Debian packages. A contributor without them gets
/// those tests reported Ignored with what to install; where CMS_REAL_CLIENTS=1 (CI installs them and sets it) a missing
/// one fails the test instead, so CI can never pass by skipping them.</summary>
public static class RealClients
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Nginx = "/usr/sbin/nginx";

    public static void Require(string program, string package)
    {
        if (File.Exists(program)) { return; }
        var message = $"{program} is not installed: install it with 'apt-get install -y {package}' (Debian) to run the browser tests.";
        if (Environment.GetEnvironmentVariable("CMS_REAL_CLIENTS") == "1") { Assert.Fail(message + " CMS_REAL_CLIENTS=1 requires it."); }
        Assert.Ignore(message);
    }

    /// <summary>Stops what is still running from a program started with <paramref name="marker"/> (a temp path of its own)
    /// on its command line, by PID: the browser's helper processes, should its driver have left any.</summary>
    public static void StopProcessesNaming(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) { continue; }
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (!commandLine.Contains(marker, StringComparison.Ordinal)) { continue; }
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
    }
}
