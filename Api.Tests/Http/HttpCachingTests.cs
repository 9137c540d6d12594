using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Health;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Features.Sync;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>Conditional GETs and cache headers: clients and CDNs revalidate cheaply, and nothing private is stored.</summary>
public sealed class HttpCachingTests : ApiFixture
{
    const int MaxAge = 42;
    const int StaleWhileRevalidate = 137;
    const int OneYear = 31536000;

    // Last-Modified is sent once the second of the change is over: the tests that use it move the clock past it.
    protected override bool MovesClock => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Cache:MaxAgeSeconds"] = MaxAge.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cms:Cache:StaleWhileRevalidateSeconds"] = StaleWhileRevalidate.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    static readonly string[] Reads =
    [
        "an article", "the article list", "a station", "the station list", "an author", "the author list", "media metadata",
        "media content", "an RSS feed", "an Atom feed", "a JSON feed",
    ];

    [TestCaseSource(nameof(Reads))]
    public async Task Every_read_carries_a_strong_ETag(string read)
    {
        var url = await UrlOfAsync(read);

        var res = await Anonymous.GetAsync(url);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), await res.Content.ReadAsStringAsync());
        Assert.That(res.Headers.ETag, Is.Not.Null);
        Assert.That(res.Headers.ETag!.IsWeak, Is.False);
        Assert.That(res.Headers.ETag.Tag, Does.Match("^\"[^\"]+\"$"));
    }

    [TestCaseSource(nameof(Reads))]
    public async Task A_client_that_holds_the_current_ETag_gets_304_with_no_body_and_the_same_ETag(string read)
    {
        var url = await UrlOfAsync(read);
        var first = await Anonymous.GetAsync(url);
        var etag = first.Headers.ETag!;

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfNoneMatch.Add(etag));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(res.Headers.ETag, Is.EqualTo(etag));
    }

    [TestCaseSource(nameof(Reads))]
    public async Task If_None_Match_star_is_answered_304(string read)
    {
        var url = await UrlOfAsync(read);

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [TestCaseSource(nameof(Reads))]
    public async Task A_client_that_holds_another_ETag_gets_the_full_response(string read)
    {
        var url = await UrlOfAsync(read);
        var expected = await (await Anonymous.GetAsync(url)).Content.ReadAsStringAsync();

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"some-other-version\"")));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await res.Content.ReadAsStringAsync(), Is.EqualTo(expected));
        Assert.That(res.Headers.ETag, Is.Not.Null);
    }

    [Test]
    public async Task After_an_article_is_edited_its_old_ETag_no_longer_matches()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section, title: "长岭县团委换届");
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        var old = (await Anonymous.GetAsync(url)).Headers.ETag!;
        await (await Admin.PutJsonAsync(url, ArticleApi.Body(section, "长岭县团委换届圆满完成"))).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfNoneMatch.Add(old));

        var body = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)body["title"], Is.EqualTo("长岭县团委换届圆满完成"));
        Assert.That(res.Headers.ETag, Is.Not.Null.And.Not.EqualTo(old));
        Assert.That(res.Headers.ETag!.IsWeak, Is.False);
    }

    [Test]
    public async Task After_an_article_is_edited_the_old_ETags_of_its_station_list_and_feed_no_longer_match()
    {
        var section = await Given.SectionAsync();
        var station = await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, section.StationId))).ExpectJsonAsync(HttpStatusCode.OK);
        var article = await Given.ArticleAsync(section: section, title: "松原市青年创业大赛开幕");
        var list = $"{ArticleApi.Path}?station={section.StationId}";
        var feed = ApiRoutes.For(StationFeedRequest.Route, station["slug"]!, "rss");
        var oldList = (await Anonymous.GetAsync(list)).Headers.ETag!;
        var oldFeed = (await Anonymous.GetAsync(feed)).Headers.ETag!;
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), ArticleApi.Body(section, "松原市青年创业大赛闭幕")))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var listRes = await GetAsync(Anonymous, list, r => r.Headers.IfNoneMatch.Add(oldList));
        var feedRes = await GetAsync(Anonymous, feed, r => r.Headers.IfNoneMatch.Add(oldFeed));

        Assert.That(listRes.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await listRes.Content.ReadAsStringAsync(), Does.Contain("松原市青年创业大赛闭幕"));
        Assert.That(listRes.Headers.ETag, Is.Not.EqualTo(oldList));
        Assert.That(feedRes.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await feedRes.Content.ReadAsStringAsync(), Does.Contain("松原市青年创业大赛闭幕"));
        Assert.That(feedRes.Headers.ETag, Is.Not.EqualTo(oldFeed));
    }

    [Test]
    public async Task An_article_says_when_it_was_last_modified_to_the_second_of_its_updatedAt()
    {
        var article = await Given.ArticleAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()));

        var body = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(res.Content.Headers.LastModified, Is.Not.Null);
        Assert.That(res.Content.Headers.LastModified!.Value.UtcDateTime, Is.EqualTo(ToSeconds((DateTime)body["updatedAt"]!)));
    }

    [Test]
    public async Task If_Modified_Since_at_the_last_modification_is_answered_304()
    {
        var (url, lastModified) = await ArticleWithLastModifiedAsync();

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfModifiedSince = lastModified);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task If_Modified_Since_after_the_last_modification_is_answered_304()
    {
        var (url, lastModified) = await ArticleWithLastModifiedAsync();

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfModifiedSince = lastModified.AddHours(1));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task If_Modified_Since_before_the_last_modification_gets_the_article()
    {
        var (url, lastModified) = await ArticleWithLastModifiedAsync();

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfModifiedSince = lastModified.AddSeconds(-1));

        var body = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(ApiRoutes.For(GetArticleRequest.Route, body.Id()), Is.EqualTo(url));
    }

    [Test]
    public async Task A_stale_ETag_wins_over_a_fresh_If_Modified_Since()
    {
        var (url, lastModified) = await ArticleWithLastModifiedAsync();

        var res = await GetAsync(Anonymous, url, r =>
        {
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-old-version\""));
            r.Headers.IfModifiedSince = lastModified.AddHours(1);
        });

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await res.Content.ReadAsStringAsync(), Is.Not.Empty);
    }

    [Test]
    public async Task A_current_ETag_wins_over_a_stale_If_Modified_Since()
    {
        var (url, lastModified) = await ArticleWithLastModifiedAsync();
        var etag = (await Anonymous.GetAsync(url)).Headers.ETag!;

        var res = await GetAsync(Anonymous, url, r =>
        {
            r.Headers.IfNoneMatch.Add(etag);
            r.Headers.IfModifiedSince = lastModified.AddDays(-1);
        });

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [TestCaseSource(nameof(Reads))]
    public async Task Anonymous_reads_may_be_cached_by_anyone_for_the_configured_time(string read)
    {
        var url = await UrlOfAsync(read);

        var res = await Anonymous.GetAsync(url);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertPublicPolicy(res);
    }

    [TestCaseSource(nameof(Reads))]
    public async Task A_304_repeats_the_public_cache_policy(string read)
    {
        var url = await UrlOfAsync(read);
        var etag = (await Anonymous.GetAsync(url)).Headers.ETag!;

        var res = await GetAsync(Anonymous, url, r => r.Headers.IfNoneMatch.Add(etag));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        AssertPublicPolicy(res);
    }

    [TestCaseSource(nameof(Reads))]
    public async Task Reads_with_a_key_are_private_and_never_stored(string read)
    {
        var url = await UrlOfAsync(read);

        var res = await Admin.GetAsync(url);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cc = res.Headers.CacheControl;
        Assert.That(cc, Is.Not.Null);
        Assert.That(cc!.Private, Is.True, cc.ToString());
        Assert.That(cc.NoStore, Is.True, cc.ToString());
        Assert.That(cc.Public, Is.False, cc.ToString());
        Assert.That(cc.MaxAge, Is.Null, cc.ToString());
    }

    [TestCaseSource(nameof(Reads))]
    public async Task Every_read_varies_on_Authorization_with_or_without_a_key(string read)
    {
        var url = await UrlOfAsync(read);

        var anonymous = await Anonymous.GetAsync(url);
        var keyed = await Admin.GetAsync(url);

        Assert.That(anonymous.Headers.Vary, Has.Some.EqualTo("Authorization").IgnoreCase);
        Assert.That(keyed.Headers.Vary, Has.Some.EqualTo("Authorization").IgnoreCase);
    }

    [TestCase("/api/v1/articles/987654321", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/stations/987654321", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/media/987654321", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/media/987654321/content", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/feeds/stations/no-such-station.rss", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/no-such-path", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/feeds/articles.xml", HttpStatusCode.BadRequest)]
    [TestCase("/api/v1/articles?sort=popular", HttpStatusCode.BadRequest)]
    public async Task An_error_is_not_cacheable_by_shared_caches(string url, HttpStatusCode status)
    {
        var res = await Anonymous.GetAsync(url);

        await res.ExpectProblemAsync(status);
        AssertNotPubliclyCacheable(res);
    }

    [Test]
    public async Task A_draft_read_with_a_key_is_never_stored_and_is_404_without_one()
    {
        var draft = await Given.ArticleAsync(status: "draft", title: "尚未发布的稿件");
        var url = ApiRoutes.For(GetArticleRequest.Route, draft.Id());

        var keyed = await Admin.GetAsync(url);
        var anonymous = await Anonymous.GetAsync(url);

        await keyed.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(keyed.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(keyed.Headers.CacheControl?.Public, Is.False);
        await anonymous.ExpectProblemAsync(HttpStatusCode.NotFound);
        AssertNotPubliclyCacheable(anonymous);
    }

    [Test]
    public async Task The_media_url_names_the_first_16_hex_digits_of_the_sha256_of_its_served_bytes()
    {
        var medium = await Given.MediaAsync(TestImages.Jpeg(33, 21));

        var served = await Anonymous.GetByteArrayAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium.Id()));

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(served));
        var url = new Uri((string)medium["url"]!);
        Assert.That(url.IsAbsoluteUri, Is.True);
        Assert.That(url.AbsolutePath, Is.EqualTo($"/api/v1/media/{medium.Id()}/content"));
        Assert.That(url.Query, Is.EqualTo($"?v={sha256[..16]}"));
    }

    [Test]
    public async Task Content_at_its_versioned_url_is_cached_by_anyone_for_a_year_as_immutable()
    {
        var medium = await Given.MediaAsync(TestImages.Png(31, 17), "cover.png", "image/png");

        var res = await Anonymous.GetAsync(new Uri((string)medium["url"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(await res.Content.ReadAsByteArrayAsync())), Is.EqualTo((string?)medium["sha256"]));
        var cc = res.Headers.CacheControl;
        Assert.That(cc, Is.Not.Null);
        Assert.That(cc!.Public, Is.True, cc.ToString());
        Assert.That(cc.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(OneYear)), cc.ToString());
        Assert.That(cc.Extensions.Select(e => e.Name), Has.Some.EqualTo("immutable"), cc.ToString());
        Assert.That(cc.NoStore || cc.NoCache || cc.Private, Is.False, cc.ToString());
    }

    [Test]
    public async Task Content_at_the_plain_url_gets_the_ordinary_short_policy()
    {
        var medium = await Given.MediaAsync(TestImages.Jpeg(35, 22));

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium.Id()));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertPublicPolicy(res);
        Assert.That(res.Headers.CacheControl!.Extensions.Select(e => e.Name), Has.None.EqualTo("immutable"));
    }

    [Test]
    public async Task Content_at_a_version_that_is_not_its_hash_is_a_404_problem()
    {
        var bytes = TestImages.Jpeg(36, 23);
        var medium = await Given.MediaAsync(bytes);
        var wrong = Convert.ToHexStringLower(SHA256.HashData(TestImages.Png()))[..16];

        var res = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium.Id())}?v={wrong}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain(medium.Id().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        AssertNotPubliclyCacheable(res);
    }

    [Test]
    public async Task Health_is_never_stored()
    {
        var res = await Anonymous.GetAsync(GetHealthEndpoint.Route);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Headers.CacheControl?.NoStore, Is.True, res.Headers.CacheControl?.ToString());
        Assert.That(res.Headers.CacheControl?.Public, Is.False);
        Assert.That(res.Headers.CacheControl?.MaxAge, Is.Null);
    }

    [Test]
    public async Task Sync_answers_must_be_revalidated_every_time()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(SyncArticlesRequest.Route));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cc = res.Headers.CacheControl;
        Assert.That(cc, Is.Not.Null);
        Assert.That(cc!.NoCache, Is.True, cc.ToString());
        Assert.That(cc.Public, Is.False, cc.ToString());
        Assert.That(cc.MaxAge, Is.Null, cc.ToString());
    }

    static void AssertPublicPolicy(HttpResponseMessage res)
    {
        var cc = res.Headers.CacheControl;
        Assert.That(cc, Is.Not.Null);
        Assert.That(cc!.Public, Is.True, cc.ToString());
        Assert.That(cc.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(MaxAge)), cc.ToString());
        Assert.That(cc.Extensions.Where(e => e.Name == "stale-while-revalidate").Select(e => e.Value),
            Is.EqualTo(new[] { StaleWhileRevalidate.ToString(System.Globalization.CultureInfo.InvariantCulture) }), cc.ToString());
        Assert.That(cc.Private || cc.NoStore || cc.NoCache, Is.False, cc.ToString());
    }

    static void AssertNotPubliclyCacheable(HttpResponseMessage res)
    {
        var cc = res.Headers.CacheControl;
        Assert.That(cc, Is.Not.Null, "without Cache-Control a 404 is heuristically cacheable");
        Assert.That(cc!.Public, Is.False, cc.ToString());
        Assert.That(cc.NoStore || cc.Private || cc.NoCache, Is.True, cc.ToString());
        Assert.That(cc.SharedMaxAge, Is.Null, cc.ToString());
    }

    static DateTime ToSeconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    async Task<(string Url, DateTimeOffset LastModified)> ArticleWithLastModifiedAsync()
    {
        var article = await Given.ArticleAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        var res = await Anonymous.GetAsync(url);
        Assert.That(res.Content.Headers.LastModified, Is.Not.Null, "the article has no Last-Modified");
        return (url, res.Content.Headers.LastModified!.Value);
    }

    static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, Action<HttpRequestMessage> conditions)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        conditions(req);
        return await client.SendAsync(req);
    }

    /// <summary>Creates what the read shows and returns its URL.</summary>
    async Task<string> UrlOfAsync(string read)
    {
        switch (read)
        {
            case "an article":
                return ApiRoutes.For(GetArticleRequest.Route, (await Given.ArticleAsync()).Id());
            case "the article list":
            {
                var section = await Given.SectionAsync();
                await Given.ArticleAsync(section: section);
                return $"{ArticleApi.Path}?station={section.StationId}";
            }
            case "a station":
                return ApiRoutes.For(GetStationRequest.Route, (await Given.StationAsync()).Id());
            case "the station list":
                await Given.StationAsync();
                return ApiRoutes.For(ListStationsRequest.Route);
            case "an author":
                return ApiRoutes.For(GetAuthorRequest.Route, (await Given.AuthorAsync()).Id());
            case "the author list":
                await Given.AuthorAsync();
                return ApiRoutes.For(ListAuthorsRequest.Route);
            case "media metadata":
                return ApiRoutes.For(GetMediaRequest.Route, (await Given.MediaAsync()).Id());
            case "media content":
                return ApiRoutes.For(GetMediaContentRequest.Route, (await Given.MediaAsync()).Id());
            case "an RSS feed":
            case "an Atom feed":
            case "a JSON feed":
            {
                var station = await Given.StationAsync();
                var channel = await Given.ChannelAsync(station.Id());
                await Given.ArticleAsync(section: (station.Id(), channel.Id()));
                var format = read switch { "an RSS feed" => "rss", "an Atom feed" => "atom", _ => "json" };
                return ApiRoutes.For(StationFeedRequest.Route, station["slug"]!, format);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(read), read, null);
        }
    }
}
