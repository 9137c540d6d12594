using System.Runtime.InteropServices;

namespace Cms.Api.Features.Media;

/// <summary>libvips set up for a server that works on a different image in every request: no operation cache (it only
/// keeps decoded pixels alive), and on glibc few malloc arenas and a fixed trim threshold, so the tens of megabytes an
/// image needs go back to the system when it is done, instead of staying in the process (glibc otherwise raises its
/// thresholds after the first large image and keeps every later one's memory).</summary>
public static class VipsSetup
{
    const int MallocArenaMax = -8;
    const int MallocTrimThreshold = -1;

    public static void Configure()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = Mallopt(MallocArenaMax, 2);
                _ = Mallopt(MallocTrimThreshold, 128 * 1024);
            }
            catch (EntryPointNotFoundException) { } // not glibc (e.g. musl): nothing to tune
            catch (DllNotFoundException) { }
        }
        NetVips.Cache.Max = 0;
        NetVips.Cache.MaxMem = 0;
        NetVips.Cache.MaxFiles = 0;
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    static extern int Mallopt(int param, int value);
}
