using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>An API host whose clock never gives the same millisecond twice. The server stores times to the millisecond,
/// so with the system clock two writes in quick succession could share an updatedAt, and a test of the order by update
/// time would rest on ids instead. The clock still follows real time; it only steps past a reading it already gave.</summary>
public abstract class SteppingClockApiFixture : ApiFixture
{
    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new SteppingClock()));

    sealed class SteppingClock : TimeProvider
    {
        readonly Lock gate = new();
        DateTimeOffset last;

        public override DateTimeOffset GetUtcNow()
        {
            lock (gate)
            {
                var now = TimeProvider.System.GetUtcNow();
                now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
                last = now > last ? now : last.AddMilliseconds(1);
                return last;
            }
        }
    }
}
