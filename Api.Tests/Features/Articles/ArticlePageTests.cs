using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>A page from one call (issue #12): an article's detail carries everything the seed page 3808167 shows, in the
/// portal's own terms, with the default conventions (Beijing time, 首页, Chinese role labels).</summary>
public sealed class ArticlePageTests : ApiFixture
{
    const string Hotline = "0431-82902222";

    [Test]
    public async Task The_article_embeds_its_stations_news_hotline()
    {
        var (article, _) = await SeedLikeArticleAsync();

        var page = await ReadAsync(article);

        Assert.That((string?)page["station"]?["hotline"], Is.EqualTo(Hotline));
        Assert.That((string?)page["station"]?["name"], Is.EqualTo("松原站"));
    }

    [Test]
    public async Task Every_time_also_comes_in_beijing_time_as_the_page_shows_it()
    {
        var (article, _) = await SeedLikeArticleAsync();

        var page = await ReadAsync(article);

        Assert.That((string?)page["publishedAt"], Is.EqualTo("2024-01-02T06:36:00Z"));
        Assert.That((string?)page["publishedAtLocal"], Is.EqualTo("2024-01-02T14:36:00+08:00"));
        foreach (var name in new[] { "createdAt", "updatedAt" })
        {
            var local = DateTimeOffset.Parse((string)page[name + "Local"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(local.Offset, Is.EqualTo(TimeSpan.FromHours(8)), name);
            Assert.That(local.UtcDateTime, Is.EqualTo((DateTime)page[name]!), name);
        }
    }

    [Test]
    public async Task Byline_roles_keep_their_code_and_carry_the_portals_label()
    {
        var (article, _) = await SeedLikeArticleAsync();

        var bylines = (await ReadAsync(article))["bylines"]!.AsArray();

        Assert.That(bylines.Select(b => ((string)b!["author"]!["name"]!, (string)b["role"]!, (string)b["roleLabel"]!)), Is.EqualTo(new[]
        {
            ("李雪", "correspondent", "通讯员"), ("穆汶姝", "correspondent", "通讯员"), ("金作超", "editor", "编辑"),
        }));
    }

    [Test]
    public async Task Every_byline_role_has_a_chinese_label_by_default()
    {
        var author = await Given.AuthorAsync("李雪");
        var roles = BylineRoles.Names.ToArray();
        var article = await Given.ArticleAsync(publishedAt: DateTimeOffset.Parse(ArticleApi.SeedPublishedAt, System.Globalization.CultureInfo.InvariantCulture),
            bylines: roles.Select(role => (object)new { authorId = author.Id(), role }).ToArray());

        var bylines = (await ReadAsync(article))["bylines"]!.AsArray();

        Assert.That(bylines.Select(b => (string)b!["roleLabel"]!), Is.EqualTo(new[] { "记者", "通讯员", "摄影", "编辑", "撰稿" }));
        Assert.That(bylines.Select(b => (string)b!["role"]!), Is.EqualTo(roles));
    }

    [Test]
    public async Task The_breadcrumb_starts_at_the_home_page_then_station_then_channel()
    {
        var (article, section) = await SeedLikeArticleAsync();

        var breadcrumb = (await ReadAsync(article))["breadcrumb"]!.AsArray();

        Assert.That(breadcrumb.Select(n => ((string)n!["kind"]!, (string)n["label"]!, (long?)n["id"])), Is.EqualTo(new[]
        {
            ("home", "首页", (long?)null), ("station", "松原站", section.StationId), ("channel", "要闻", section.ChannelId),
        }));
    }

    [Test]
    public async Task Cards_in_lists_carry_the_hotline_local_times_and_role_labels_too()
    {
        var (article, section) = await SeedLikeArticleAsync();

        var card = (await Anonymous.ItemsAsync($"station={section.StationId}")).Single(i => i!.Id() == article.Id())!;

        Assert.That((string?)card["station"]?["hotline"], Is.EqualTo(Hotline));
        Assert.That((string?)card["publishedAtLocal"], Is.EqualTo("2024-01-02T14:36:00+08:00"));
        Assert.That(card["bylines"]!.AsArray().Select(b => (string)b!["roleLabel"]!), Is.EqualTo(new[] { "通讯员", "通讯员", "编辑" }));
    }

    [Test]
    public async Task The_srcset_of_a_1600_pixel_photo_goes_up_to_1600w_and_that_url_serves_1600_pixels()
    {
        var photo = await Given.MediaAsync(TestPhotos.Unique("jpeg", 1600, 1200));
        var section = await HotlineSectionAsync();
        var created = await (await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title = SeedArticle.Title, stationId = section.StationId, channelId = section.ChannelId, status = "published",
            bodyHtml = $"<p>近年来</p><figure><img src=\"/api/v1/media/{photo.Id()}/content\"></figure>",
            coverMediaId = photo.Id(), media = new[] { new { mediaId = photo.Id() } },
        })).ExpectJsonAsync(HttpStatusCode.Created);

        var page = await ReadAsync(created);

        var srcset = (string)page["cover"]!["srcset"]!;
        var widest = srcset.Split(", ").Last().Split(' ');
        Assert.That(widest[1], Is.EqualTo("1600w"), srcset);
        Assert.That((string?)page["media"]![0]!["srcset"], Is.EqualTo(srcset));
        Assert.That((string)page["bodyHtml"]!, Does.Contain(" 1600w"));
        var res = await Anonymous.GetAsync(new Uri(widest[0]));
        Assert.That(TestPhotos.Read(await res.Content.ReadAsByteArrayAsync()).Width, Is.EqualTo(1600));
    }

    async Task<JsonNode> ReadAsync(JsonNode article) =>
        await (await Anonymous.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);

    async Task<(long StationId, long ChannelId)> HotlineSectionAsync()
    {
        var station = await (await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route),
            new { slug = Given.UniqueSlug("songyuan"), name = "松原站", hotline = Hotline })).ExpectJsonAsync(HttpStatusCode.Created);
        var channel = await Given.ChannelAsync(station.Id(), name: "要闻");
        return (station.Id(), channel.Id());
    }

    /// <summary>The seed page's article: 松原站 > 要闻, 14:36 Beijing time, two correspondents and an editor.</summary>
    async Task<(JsonNode Article, (long StationId, long ChannelId) Section)> SeedLikeArticleAsync()
    {
        var section = await HotlineSectionAsync();
        var (li, mu, jin) = (await Given.AuthorAsync("李雪"), await Given.AuthorAsync("穆汶姝"), await Given.AuthorAsync("金作超"));
        var article = await Given.ArticleAsync(section: section,
            publishedAt: DateTimeOffset.Parse(ArticleApi.SeedPublishedAt, System.Globalization.CultureInfo.InvariantCulture),
            bylines:
            [
                new { authorId = li.Id(), role = "correspondent" }, new { authorId = mu.Id(), role = "correspondent" },
                new { authorId = jin.Id(), role = "editor" },
            ]);
        return (article, section);
    }
}
