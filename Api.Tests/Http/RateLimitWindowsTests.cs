using Cms.Api.Infrastructure.Protection;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>The windows behind RateLimit-Reset: a client is told when its own window ends, and a stream of new client
/// addresses cannot make the server remember them all.</summary>
public sealed class RateLimitWindowsTests
{
    [Test]
    public void A_partition_is_told_the_seconds_left_in_its_current_window()
    {
        var clock = new SettableClock();
        var windows = new RateLimitWindows(clock);
        windows.Began("key 7");

        clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(20));

        Assert.That(windows.SecondsToReset("key 7"), Is.EqualTo(40));
        Assert.That(windows.SecondsToReset("key never seen"), Is.EqualTo(60));
    }

    [Test]
    public void Partitions_not_seen_for_two_windows_are_forgotten_and_those_in_use_are_kept()
    {
        var clock = new SettableClock();
        var windows = new RateLimitWindows(clock);
        windows.Began("address 203.0.113.9");
        windows.Began("key 7");
        clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(20));
        windows.SecondsToReset("key 7");

        for (var i = 0; i < 1000; i++) { windows.Began($"address 198.51.100.{i}"); }

        Assert.That(windows.Count, Is.EqualTo(1001), "the idle address is gone; the key in use and the new addresses stay");
        Assert.That(windows.SecondsToReset("key 7"), Is.EqualTo(40));
        Assert.That(windows.SecondsToReset("address 203.0.113.9"), Is.EqualTo(60));
    }
}
