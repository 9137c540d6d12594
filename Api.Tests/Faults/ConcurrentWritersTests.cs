using System.Collections.Concurrent;
using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Maintenance;
using Cms.Api.Features.Stations;
using Cms.Api.Features.Sync;
using Cms.Api.Tests.Infrastructure;
using Cms.Api.Tests.Maintenance;

namespace Cms.Api.Tests.Faults;

/// <summary>Eight writers and eight readers at once: no server error, no "database is locked" reaching a client, every
/// acknowledged article readable afterwards, and the data directory whole. (bench/faults/soak.sh runs the same against
/// the real server on 127.0.0.1 for as long as asked.)</summary>
public sealed class ConcurrentWritersTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task Eight_writers_and_eight_readers_lose_nothing_and_never_see_a_server_error()
    {
        var section = await Given.SectionAsync();
        using var writers = new Writers(Admin, section, count: 8).Start();
        var failures = new ConcurrentQueue<string>();
        using var stopReaders = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 8).Select(r => Task.Run(() => ReadUntilStoppedAsync(r, section.StationId, failures, stopReaders.Token))).ToList();

        await writers.WaitForAsync(articles: 80);
        await writers.StopAsync();
        await stopReaders.CancelAsync();
        await Task.WhenAll(readers);

        Assert.That(writers.ServerErrors, Is.Empty);
        Assert.That(failures, Is.Empty);
        var listed = (await Admin.AllPagesAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?stationId={section.StationId}", 100)).Select(a => (long)a["id"]!).ToHashSet();
        Assert.That(writers.Articles, Is.SubsetOf(listed), "every acknowledged create is there");
        Assert.That(listed, Has.Count.EqualTo(writers.Articles.Count), "and nothing that was not acknowledged");
        var integrity = await (await Admin.GetAsync(ApiRoutes.For(GetIntegrityEndpoint.Route))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((bool)integrity["ok"]!, Is.True, integrity.ToJsonString());
    }

    async Task ReadUntilStoppedAsync(int reader, long stationId, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var anonymous = reader % 2 == 0;
        string[] urls =
        [
            $"{ApiRoutes.For(ListArticlesRequest.Route)}?stationId={stationId}&limit=20",
            $"{ApiRoutes.For(ListArticlesRequest.Route)}?q=长岭县",
            ApiRoutes.For(GetStationRequest.Route, stationId),
            ApiRoutes.For(PortalFeedRequest.Route, "json"),
            anonymous ? $"{ApiRoutes.For(ListArticlesRequest.Route)}?sort=-publishedAt" : $"{ApiRoutes.For(SyncArticlesRequest.Route)}?limit=50",
        ];
        using var client = anonymous ? Factory.CreateClient() : ClientWithKey(CmsFactory.AdminKey);
        for (var n = reader; !stop.IsCancellationRequested; n++)
        {
            var url = urls[n % urls.Length];
            var res = await client.GetAsync(url, CancellationToken.None);
            var body = await res.Content.ReadAsStringAsync(CancellationToken.None);
            if (res.StatusCode != HttpStatusCode.OK || body.Contains("locked", StringComparison.OrdinalIgnoreCase))
            {
                failures.Enqueue($"{url}: {(int)res.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }
        }
    }
}
