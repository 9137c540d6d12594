using Cms.Api.Data;

namespace Cms.Api.Infrastructure;

public static class ReadSnapshots
{
    /// <summary>Builds every GET (and HEAD) from one read snapshot of the database (<see cref="ReadSnapshot"/>), so a
    /// response never mixes two versions of an article. The snapshot ends when the endpoint is done, or as soon as a
    /// streamed response (media bytes) starts, so a long download does not hold it.</summary>
    public static IApplicationBuilder UseReadSnapshots(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (!HttpMethods.IsGet(ctx.Request.Method))
        {
            await next(ctx);
            return;
        }
        await using var snapshot = ctx.RequestServices.GetRequiredService<Db>().BeginReadSnapshot();
        ctx.Response.OnStarting(() => snapshot.DisposeAsync().AsTask());
        await next(ctx);
    });
}
