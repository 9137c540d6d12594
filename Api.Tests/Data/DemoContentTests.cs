using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Data;

public sealed class DemoContentTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:SeedDemoContent"] = "true" };

    [Test]
    public async Task The_demo_portal_has_the_seed_article_with_its_page_structure()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, SeedArticle.Id));

        var article = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["title"], Is.EqualTo(SeedArticle.Title));
        Assert.That((DateTime)article["publishedAt"]!, Is.EqualTo(new DateTime(2024, 1, 2, 6, 36, 0, DateTimeKind.Utc)), "14:36 Beijing time");
        Assert.That((string?)article["source"], Is.EqualTo("中国吉林网"));
        Assert.That((string?)article["credit"], Is.EqualTo("共青团长岭县委"));
        Assert.That((string?)article["station"]!["name"], Is.EqualTo("松原站"));
        Assert.That((string?)article["station"]!["slug"], Is.EqualTo("songyuan"));
        Assert.That((string?)article["channel"]!["name"], Is.EqualTo("要闻"));
        var bylines = article["bylines"]!.AsArray().Select(b => ((string?)b!["author"]!["name"], (string?)b["role"])).ToList();
        Assert.That(bylines, Is.EqualTo(new[] { ("李雪", "correspondent"), ("穆汶姝", "correspondent"), ("金作超", "editor") }));
        Assert.That(article["cover"], Is.Not.Null);
        Assert.That(article["media"]!.AsArray(), Has.Count.EqualTo(5));
    }

    [Test]
    public async Task The_demo_images_are_real_images_with_their_original_file_names()
    {
        var article = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, SeedArticle.Id))).JsonAsync();
        var first = article["media"]![0]!;

        // The file name is for editors (issue 13 row 11): the admin key reads it.
        var meta = await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, first["mediaId"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        var bytes = await Anonymous.GetByteArrayAsync((string)first["url"]!);

        Assert.That((string?)meta["fileName"], Is.EqualTo("mmexport1704177120277.jpg"));
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }));
        Assert.That((int?)meta["width"], Is.GreaterThan(0));
    }

    [Test]
    public async Task The_demo_portal_has_several_Jilin_stations_with_headline_channels()
    {
        var stations = await (await Anonymous.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);

        var items = stations["items"]!.AsArray();
        Assert.That(items, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(items.Select(s => (string?)s!["slug"]), Does.Contain("songyuan"));
        Assert.That(items.All(s => s!["channels"]!.AsArray().Any(c => (string?)c!["name"] == "要闻")), Is.True);
    }

    [Test]
    public async Task The_demo_draft_is_hidden_from_the_public()
    {
        var publicList = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?limit=100")).JsonAsync();
        var editorList = await (await Admin.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?limit=100")).JsonAsync();

        Assert.That(publicList["items"]!.AsArray().Any(a => (string?)a!["status"] == "draft"), Is.False);
        Assert.That(editorList["items"]!.AsArray().Count(a => (string?)a!["status"] == "draft"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_restart_on_the_same_data_never_seeds_twice()
    {
        var before = await (await Admin.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?limit=100")).JsonAsync();

        var restarted = await TestHosts.StartAsync(new Dictionary<string, string?>
        {
            ["Cms:DataDirectory"] = Factory.DataDirectory,
            ["Cms:SeedDemoContent"] = "true",
        });
        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", CmsFactory.AdminKey);
        var after = await (await client.GetAsync($"{ApiRoutes.For(ListArticlesRequest.Route)}?limit=100")).JsonAsync();
        var stations = await (await client.GetAsync($"{ApiRoutes.For(ListStationsRequest.Route)}?limit=100")).JsonAsync();

        Assert.That(after["items"]!.AsArray(), Has.Count.EqualTo(before["items"]!.AsArray().Count));
        Assert.That(stations["items"]!.AsArray().Count(s => (string?)s!["slug"] == "songyuan"), Is.EqualTo(1));
    }
}

public sealed class NoDemoContentTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task Without_the_demo_setting_a_new_database_starts_empty()
    {
        var stations = await (await Anonymous.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(stations["items"]!.AsArray(), Is.Empty);
    }
}
