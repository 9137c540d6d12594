namespace Cms.Api.Tests.Infrastructure;

/// <summary>A clock a test moves by hand, for what happens when a time comes (scheduled publishing) without waiting.</summary>
public sealed class SettableClock : TimeProvider
{
    long ticks = TimeProvider.System.GetUtcNow().UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
