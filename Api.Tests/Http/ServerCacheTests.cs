using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Http;

/// <summary>The API keeps anonymous reads in memory; these tests prove a reader never gets a page that is no longer true.</summary>
public sealed class ServerCacheTests : ApiFixture
{
    protected override bool MovesClock => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:Cache:ServerSeconds"] = "86400" };


    [Test]
    public async Task A_scheduled_article_appears_in_a_cached_list_the_moment_its_time_comes()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(title: "已发布", section: section);
        await Given.ArticleAsync(title: "定时发布", section: section, publishedAt: Clock.GetUtcNow().AddHours(1));
        var before = await ListAsync(section.StationId);

        Clock.Advance(TimeSpan.FromHours(1).Add(TimeSpan.FromSeconds(1)));
        var after = await ListAsync(section.StationId);

        Assert.That(before, Is.EqualTo(new[] { "已发布" }));
        Assert.That(after, Is.EqualTo(new[] { "定时发布", "已发布" }));
    }

    [Test]
    public async Task A_write_is_visible_to_the_next_anonymous_read_of_a_cached_page()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(title: "旧标题", section: section);
        Assert.That(await ListAsync(section.StationId), Is.EqualTo(new[] { "旧标题" }));

        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article["id"]!), new
        {
            title = "新标题", stationId = section.StationId, channelId = section.ChannelId, status = "published",
            publishedAt = (DateTime)article["publishedAt"]!,
        })).ExpectJsonAsync(HttpStatusCode.OK);
        var after = await ListAsync(section.StationId);

        Assert.That(after, Is.EqualTo(new[] { "新标题" }));
    }

    [Test]
    public async Task A_cached_page_is_kept_no_longer_than_configured()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(title: "第一篇", section: section);
        var first = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, section.StationId));
        var etag = first.Headers.ETag!.Tag;
        using (var scope = Factory.Services.CreateScope())
        {
            // A change the API does not see as a write (another process on the same database) shows once the entry expires.
            var db = scope.ServiceProvider.GetRequiredService<Cms.Api.Data.Db>();
            await db.WriteAsync((c, tx) => Dapper.SqlMapper.ExecuteAsync(c, "UPDATE stations SET name = '松原站(外部修改)' WHERE id = @id",
                new { id = section.StationId }, tx), CancellationToken.None);
        }

        var cached = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, section.StationId));
        Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));
        var expired = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, section.StationId));

        Assert.That(cached.Headers.ETag!.Tag, Is.EqualTo(etag));
        Assert.That((string?)(await expired.JsonAsync())["name"], Is.EqualTo("松原站(外部修改)"));
    }

    [Test]
    public async Task When_a_read_expires_one_reader_renews_it_and_the_others_get_the_expired_copy_at_once()
    {
        var cache = Factory.Services.GetRequiredService<ResponseCache>();
        var key = Key();
        var stored = await cache.StoreAsync(key, Response(cache), CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));

        var (renewing, ticket) = await cache.JoinFillAsync(key, CancellationToken.None);
        var other = cache.JoinFillAsync(key, CancellationToken.None);
        var completedAtOnce = other.IsCompleted;
        ticket?.Dispose();
        var (copy, otherTicket) = await other;

        Assert.That(cache.TryGet(key, out _), Is.False, "the entry has expired");
        Assert.That(renewing, Is.Null, "the first reader renews it");
        Assert.That(ticket, Is.Not.Null);
        Assert.That(completedAtOnce, Is.True, "the others do not wait for the renewal");
        Assert.That(copy, Is.SameAs(stored));
        Assert.That(otherTicket, Is.Null);
    }

    [Test]
    public async Task After_a_write_an_expired_copy_is_never_served_readers_wait_for_the_renewal()
    {
        var cache = Factory.Services.GetRequiredService<ResponseCache>();
        var key = Key();
        await cache.StoreAsync(key, Response(cache), CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));
        var (_, ticket) = await cache.JoinFillAsync(key, CancellationToken.None);

        await Given.StationAsync();
        var other = cache.JoinFillAsync(key, CancellationToken.None);
        var completedAtOnce = other.IsCompleted;
        ticket?.Dispose();
        var (copy, _) = await other;

        Assert.That(completedAtOnce, Is.False, "the reader waits for the renewal");
        Assert.That(copy, Is.Null, "nothing was renewed, so it computes its own answer");
    }

    [Test]
    public async Task An_expired_copy_is_never_served_once_a_scheduled_article_has_gone_public()
    {
        var cache = Factory.Services.GetRequiredService<ResponseCache>();
        await Given.ArticleAsync(title: "定时", publishedAt: Clock.GetUtcNow().AddDays(1).AddHours(1));
        var key = Key();
        await cache.StoreAsync(key, Response(cache), CancellationToken.None);

        Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(30)));
        var (_, first) = await cache.JoinFillAsync(key, CancellationToken.None);
        var (beforeItsTime, _) = await cache.JoinFillAsync(key, CancellationToken.None);
        first?.Dispose();

        Clock.Advance(TimeSpan.FromHours(1));
        var (_, second) = await cache.JoinFillAsync(key, CancellationToken.None);
        var afterItsTime = cache.JoinFillAsync(key, CancellationToken.None);
        var completedAtOnce = afterItsTime.IsCompleted;
        second?.Dispose();
        var (copy, _) = await afterItsTime;

        Assert.That(beforeItsTime, Is.Not.Null, "expired, but nothing has changed yet");
        Assert.That(completedAtOnce, Is.False);
        Assert.That(copy, Is.Null, "the scheduled article is public now: the old copy would hide it");
    }

    static string Key() => $"http://localhost/test/{Guid.NewGuid():N}";

    static CachedResponse Response(ResponseCache cache) =>
        new("{\"items\":[]}"u8.ToArray(), "application/json", "\"test\"", null, "public, max-age=60", cache.Version);

    async Task<List<string>> ListAsync(long stationId) =>
        (await (await Anonymous.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?station={stationId}")).ExpectJsonAsync(HttpStatusCode.OK))["items"]!
            .AsArray().Select(a => (string)a!["title"]!).ToList();
}
