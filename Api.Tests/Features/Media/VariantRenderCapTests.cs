using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Renderings at once are capped: with the one slot held, a request for a new variant is refused at once (the
/// host waits 0 seconds), while variants already on disk are served as before.</summary>
public sealed class VariantRenderCapTests : MediaFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Media:MaxConcurrentRenders"] = "1",
        ["Cms:Media:RenderWaitSeconds"] = "0",
    };

    RenderSlots Slots => Factory.Services.GetRequiredService<VariantRenderer>().Slots;

    [Test]
    public async Task While_every_rendering_slot_is_busy_a_new_size_is_503_with_Retry_After_and_one_on_disk_is_served()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var rendered = await ServedAsync(medium, "w=320");
        var before = VariantFiles();

        HttpResponseMessage refused, served;
        using (await Slots.EnterAsync(Timeout.InfiniteTimeSpan))
        {
            refused = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=640&format=avif");
            served = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320");
        }

        await refused.ExpectProblemAsync(ProblemTypes.Unavailable);
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(refused.Headers.CacheControl?.MaxAge, Is.Null, "a refusal is not cached for a year");
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await served.Content.ReadAsByteArrayAsync(), Is.EqualTo(rendered));
        Assert.That(VariantFiles(), Is.EquivalentTo(before));
    }

    [Test]
    public async Task A_size_refused_while_the_slots_were_busy_is_rendered_once_one_is_free()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        using (await Slots.EnterAsync(Timeout.InfiniteTimeSpan))
        {
            var refused = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=640&format=webp");
            await refused.ExpectProblemAsync(ProblemTypes.Unavailable);
        }

        var variant = TestPhotos.Read(await ServedAsync(medium, "w=640&format=webp"));

        Assert.That((variant.Format, variant.Width), Is.EqualTo(("webp", 640)));
    }
}
