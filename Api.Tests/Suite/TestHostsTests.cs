using Cms.Api.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Suite;

/// <summary>The suite must pass beside an IDE, another test run and a few servers: Linux gives a user 128 inotify
/// instances, and a host that watches its configuration files takes one for as long as it runs. .ci/run holds 100 of
/// them while the suite runs, to prove it.</summary>
public sealed class TestHostsTests
{
    const int MostInotifyInstances = 10;

    [Test]
    public async Task Starting_a_test_host_opens_no_inotify_instance()
    {
        Assume.That(OperatingSystem.IsLinux(), "inotify is Linux's");
        var before = InotifyInstances();

        await TestHosts.StartAsync(new Dictionary<string, string?>());

        Assert.That(InotifyInstances(), Is.LessThanOrEqualTo(before));
    }

    [Test]
    public async Task A_test_host_reads_its_configuration_files_without_watching_them()
    {
        var host = await TestHosts.StartAsync(new Dictionary<string, string?>());

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.That(files.Select(f => f.Source.Path), Has.Some.EqualTo("appsettings.json"), "the host reads its settings file");
        Assert.That(files.Where(f => f.Source.ReloadOnChange).Select(f => f.Source.Path), Is.Empty, "files watched for changes");
    }

    [Test]
    public void The_test_process_holds_at_most_ten_inotify_instances()
    {
        Assume.That(OperatingSystem.IsLinux(), "inotify is Linux's");

        Assert.That(InotifyInstances(), Is.LessThanOrEqualTo(MostInotifyInstances));
    }

    static int InotifyInstances() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget == "anon_inode:inotify");
}
