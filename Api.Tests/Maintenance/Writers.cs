using System.Collections.Concurrent;
using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Maintenance;

/// <summary>Clients that create articles (some with a new image as cover) until told to stop, keeping the id of every
/// article and medium the API acknowledged, and every answer that was a server error.</summary>
internal sealed class Writers(HttpClient admin, (long StationId, long ChannelId) section, int count) : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly List<Task> running = [];

    public ConcurrentQueue<long> Articles { get; } = new();
    public ConcurrentQueue<long> Media { get; } = new();
    public ConcurrentQueue<string> ServerErrors { get; } = new();

    public Writers Start()
    {
        for (var w = 0; w < count; w++)
        {
            var writer = w;
            running.Add(Task.Run(() => WriteUntilStoppedAsync(writer)));
        }
        return this;
    }

    /// <summary>Waits (polling, bounded) until at least this many articles are acknowledged.</summary>
    public async Task WaitForAsync(int articles)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Articles.Count < articles)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"only {Articles.Count} articles acknowledged in 30 s");
            Assert.That(ServerErrors, Is.Empty);
            await Task.Yield();
            await Task.Delay(5);
        }
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    public void Dispose() => stop.Dispose();

    async Task WriteUntilStoppedAsync(int writer)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            long? cover = null;
            if (n % 3 == 0)
            {
                cover = await AcknowledgedAsync(await new Given(admin).UploadAsync(
                    TestImages.Png(40 + writer, 30 + (n % 50)), $"w{writer}-{n}.png", "image/png"), Media);
                if (cover is null) { continue; }
            }
            var res = await admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
            {
                title = $"并发写入 {writer}-{n} 长岭县",
                bodyHtml = "<p>共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>",
                stationId = section.StationId,
                channelId = section.ChannelId,
                status = "published",
                coverMediaId = cover,
            });
            await AcknowledgedAsync(res, Articles);
        }
    }

    async Task<long?> AcknowledgedAsync(HttpResponseMessage res, ConcurrentQueue<long> into)
    {
        if (res.StatusCode == HttpStatusCode.Created)
        {
            var id = (long)(await res.JsonAsync())["id"]!;
            into.Enqueue(id);
            return id;
        }
        if ((int)res.StatusCode >= 500) { ServerErrors.Enqueue($"{(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}"); }
        return null;
    }
}
