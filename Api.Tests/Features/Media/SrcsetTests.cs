using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Ready-made responsive image URLs in media and article JSON, up to the image's own width: the standard widths
/// it can fill, each a versioned variant URL, and the served copy itself at its own width when that is none of them.</summary>
public sealed class SrcsetTests : MediaFixture
{
    [TestCase(1920, 1080, new[] { 160, 320, 640, 960, 1280, 1920 }, TestName = "A_1920_pixel_wide_image_lists_every_standard_width")]
    [TestCase(1600, 1200, new[] { 160, 320, 640, 960, 1280, 1600 }, TestName = "A_1600_pixel_wide_image_goes_up_to_1600w_not_only_1280w")]
    [TestCase(1000, 750, new[] { 160, 320, 640, 960, 1000 }, TestName = "A_1000_pixel_wide_image_lists_the_widths_up_to_960_and_its_own")]
    [TestCase(320, 240, new[] { 160, 320 }, TestName = "A_320_pixel_wide_image_lists_160_and_320")]
    [TestCase(150, 100, new[] { 150 }, TestName = "An_image_narrower_than_160_pixels_offers_only_itself")]
    public async Task The_srcset_lists_the_standard_widths_up_to_the_images_own_and_its_own(int width, int height, int[] widths)
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", width, height));

        var srcset = Parse((string)medium["srcset"]!);

        Assert.That(srcset.Select(s => s.Width), Is.EqualTo(widths));
        var variants = srcset.Where(s => VariantSpec.Widths.Contains(s.Width)).ToList();
        Assert.That(variants.Select(s => s.Url), Is.EqualTo(variants.Select(s => $"{medium["url"]}&w={s.Width}")));
        Assert.That(srcset.Except(variants).Select(s => s.Url), Has.All.EqualTo((string)medium["url"]!), "its own width is the served copy");
    }

    [Test]
    public async Task The_srcset_of_a_sideways_photo_follows_its_upright_width()
    {
        var medium = await UploadedAsync(TestPhotos.Phone("jpeg", 400, 300, orientation: 6));

        var srcset = Parse((string)medium["srcset"]!);

        Assert.That(srcset.Select(s => s.Width), Is.EqualTo(new[] { 160, 300 }));
    }

    [Test]
    public async Task Every_srcset_url_serves_an_image_of_the_width_it_names_cached_as_immutable()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("webp", 1000, 600), "wide.webp");

        foreach (var (url, width) in Parse((string)medium["srcset"]!))
        {
            var res = await Anonymous.GetAsync(new Uri(url));

            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            Assert.That(TestPhotos.Read(await res.Content.ReadAsByteArrayAsync()).Width, Is.EqualTo(width), url);
            Assert.That(res.Headers.CacheControl?.Extensions.Select(e => e.Name), Has.Some.EqualTo("immutable"), url);
        }
    }

    [Test]
    public async Task The_srcset_in_the_library_and_the_single_medium_are_the_same()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 700, 400));

        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        var listed = (await Admin.AllPagesAsync(ApiRoutes.For(ListMediaRequest.Route), 100)).Single(m => (long)m["id"]! == (long)medium["id"]!);

        Assert.That((string?)read["srcset"], Is.EqualTo((string?)medium["srcset"]));
        Assert.That((string?)listed["srcset"], Is.EqualTo((string?)medium["srcset"]));
    }

    [Test]
    public async Task An_articles_cover_and_media_list_carry_the_srcset_of_their_images()
    {
        var cover = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var listed = await UploadedAsync(TestPhotos.Unique("jpeg", 300, 200));
        var article = await PublishedArticleAsync((long)cover["id"]!, (long)listed["id"]!);

        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)read["cover"]?["srcset"], Is.EqualTo((string?)cover["srcset"]));
        Assert.That(Parse((string)read["cover"]!["srcset"]!).Select(s => s.Width), Is.EqualTo(new[] { 160, 320, 640, 960, 1000 }));
        Assert.That((string?)read["media"]?[0]?["srcset"], Is.EqualTo((string?)listed["srcset"]));
        Assert.That(Parse((string)read["media"]![0]!["srcset"]!).Select(s => s.Width), Is.EqualTo(new[] { 160, 300 }));
    }

    [Test]
    public async Task Article_lists_carry_the_srcset_of_the_cover()
    {
        var cover = await UploadedAsync(TestPhotos.Unique("jpeg", 700, 500));
        var article = await PublishedArticleAsync((long)cover["id"]!, null);

        var page = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?stationId={article["station"]!["id"]}")).ExpectJsonAsync(HttpStatusCode.OK);

        var card = page["items"]!.AsArray().Single(a => (long)a!["id"]! == (long)article["id"]!)!;
        Assert.That((string?)card["cover"]?["srcset"], Is.EqualTo((string?)cover["srcset"]));
    }

    [Test]
    public async Task Inline_images_of_the_body_get_their_versioned_url_srcset_and_size_and_keep_them_through_a_round_trip()
    {
        var photo = await UploadedAsync(TestPhotos.Unique("jpeg", 700, 500));
        var (stationId, channelId) = await Given.SectionAsync();
        var created = await (await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title = "长岭县团干部培训",
            stationId,
            channelId,
            status = "published",
            bodyHtml = $"<p>培训现场</p><figure><img src=\"/api/v1/media/{photo["id"]}/content\" alt=\"培训\"></figure>" +
                       "<p><img src=\"https://elsewhere.example/api/v1/media/1/content\" alt=\"外站\"></p>",
        })).ExpectJsonAsync(HttpStatusCode.Created);
        var url = ApiRoutes.For(GetArticleRequest.Route, created["id"]!);

        var body = (string)(await (await Anonymous.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK))["bodyHtml"]!;

        var srcset = ((string)photo["srcset"]!).Replace("&", "&amp;", StringComparison.Ordinal);
        var versioned = ((string)photo["url"]!).Replace("&", "&amp;", StringComparison.Ordinal);
        Assert.That(body, Does.Contain($"<img src=\"{versioned}\" alt=\"培训\" width=\"700\" height=\"500\" srcset=\"{srcset}\">"));
        Assert.That(body, Does.Contain("<img src=\"https://elsewhere.example/api/v1/media/1/content\" alt=\"外站\">"), "other sites' images stay as written");
        Assert.That(Parse((string)photo["srcset"]!).Select(s => s.Width), Is.EqualTo(new[] { 160, 320, 640, 700 }));

        var replaced = await (await Admin.MergePatchAsync(url, new { bodyHtml = body })).ExpectJsonAsync(HttpStatusCode.OK);
        var again = (string)(await (await Anonymous.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK))["bodyHtml"]!;

        Assert.That((string?)replaced["bodyHtml"], Is.EqualTo(body));
        Assert.That(again, Is.EqualTo(body), "what a client read and sent back reads the same");
    }

    static List<(string Url, int Width)> Parse(string srcset) => srcset.Length == 0
        ? []
        : srcset.Split(", ").Select(entry => entry.Split(' ')).Select(parts =>
        {
            Assert.That(parts, Has.Length.EqualTo(2));
            Assert.That(parts[1], Does.EndWith("w"));
            return (parts[0], int.Parse(parts[1][..^1], System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();

    async Task<JsonNode> PublishedArticleAsync(long coverMediaId, long? listedMediaId)
    {
        var (stationId, channelId) = await Given.SectionAsync();
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            title = "共青团长岭县委全面发力 多链条打造团干部队伍建设",
            stationId,
            channelId,
            status = "published",
            bodyHtml = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>",
            coverMediaId,
            media = listedMediaId is { } m ? new object[] { new { mediaId = m, caption = "团干部培训现场" } } : [],
        });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }
}
