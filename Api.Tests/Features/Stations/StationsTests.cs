using System.Net;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Stations;

public sealed class StationsTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task A_created_station_can_be_read_back_by_anyone_with_its_Chinese_name_intact()
    {
        var slug = Given.UniqueSlug("songyuan");

        var created = await (await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new
        {
            slug, name = "松原站", description = "松原市新闻", hotline = "0431-82902222", sortOrder = 10,
        })).ExpectJsonAsync(HttpStatusCode.Created);
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, created["id"]!));

        var station = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)station["slug"], Is.EqualTo(slug));
        Assert.That((string?)station["name"], Is.EqualTo("松原站"));
        Assert.That((string?)station["hotline"], Is.EqualTo("0431-82902222"));
        Assert.That((int?)station["sortOrder"], Is.EqualTo(10));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("松原站"), "Chinese text is sent as UTF-8, not escaped");
    }

    [Test]
    public async Task Create_answers_201_with_the_location_of_the_new_station()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("jilin"), name = "吉林站" });

        var station = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/stations/{station["id"]}"));
    }

    [Test]
    public async Task A_station_includes_its_channels_in_menu_order_so_a_site_menu_is_one_call()
    {
        var station = await Given.StationAsync();
        var id = (long)station["id"]!;
        await Given.ChannelAsync(id, name: "民生", sortOrder: 20);
        await Given.ChannelAsync(id, name: "要闻", sortOrder: 10);

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, id));

        var channels = (await res.ExpectJsonAsync(HttpStatusCode.OK))["channels"]!.AsArray();
        Assert.That(channels.Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "要闻", "民生" }));
    }

    [Test]
    public async Task A_second_station_with_the_same_slug_is_a_conflict_and_is_not_saved()
    {
        var slug = Given.UniqueSlug("dup");
        await Given.StationAsync(slug, name: "第一");

        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug, name = "第二" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.ErrorsFor("slug"), Has.Some.Contains(slug));
        var all = await (await Admin.GetAsync($"{ApiRoutes.For(ListStationsRequest.Route)}?limit=100")).JsonAsync();
        Assert.That(all["items"]!.AsArray().Count(s => (string?)s!["slug"] == slug), Is.EqualTo(1));
    }

    [TestCase("Songyuan", TestName = "Slugs_with_uppercase_letters_are_refused")]
    [TestCase("song yuan", TestName = "Slugs_with_spaces_are_refused")]
    [TestCase("松原", TestName = "Slugs_with_Chinese_characters_are_refused")]
    [TestCase("-songyuan", TestName = "Slugs_starting_with_a_hyphen_are_refused")]
    [TestCase("", TestName = "Empty_slugs_are_refused")]
    public async Task Invalid_slugs_are_refused_with_a_field_error(string slug)
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug, name = "松原站" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("slug"), Is.Not.Empty);
    }

    [Test]
    public async Task A_station_without_a_name_is_refused_naming_the_field()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("noname"), name = "   " });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("name"), Has.Some.Contains("required"));
    }

    [Test]
    public async Task Replacing_a_station_changes_its_fields_and_its_update_time()
    {
        var station = await Given.StationAsync();

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateStationRequest.Route, station["id"]!), new
        {
            slug = (string?)station["slug"], name = "松原站(新)", hotline = "0438-1234567",
        });

        var updated = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)updated["name"], Is.EqualTo("松原站(新)"));
        Assert.That((string?)updated["hotline"], Is.EqualTo("0438-1234567"));
        Assert.That((DateTime)updated["updatedAt"]!, Is.GreaterThanOrEqualTo((DateTime)station["updatedAt"]!));
        Assert.That((DateTime)updated["createdAt"]!, Is.EqualTo((DateTime)station["createdAt"]!));
    }

    [Test]
    public async Task Replacing_a_station_with_another_stations_slug_is_a_conflict()
    {
        var first = await Given.StationAsync();
        var second = await Given.StationAsync();

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateStationRequest.Route, second["id"]!), new { slug = (string?)first["slug"], name = "x" });

        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        var unchanged = await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, second["id"]!))).JsonAsync();
        Assert.That((string?)unchanged["slug"], Is.EqualTo((string?)second["slug"]));
    }

    [Test]
    public async Task An_id_in_the_body_of_a_replace_is_refused_not_silently_ignored()
    {
        var station = await Given.StationAsync();

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateStationRequest.Route, station["id"]!), new { id = 999, slug = (string?)station["slug"], name = "x" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("id"), Is.Not.Empty);
    }

    [Test]
    public async Task Replacing_or_deleting_a_missing_station_is_404()
    {
        var put = await Admin.PutJsonAsync(ApiRoutes.For(UpdateStationRequest.Route, 987654321), new { slug = Given.UniqueSlug("ghost"), name = "x" });
        var delete = await Admin.DeleteAsync(ApiRoutes.For(DeleteStationRequest.Route, 987654321));
        var get = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, 987654321));

        await put.ExpectProblemAsync(HttpStatusCode.NotFound);
        await delete.ExpectProblemAsync(HttpStatusCode.NotFound);
        await get.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_empty_station_can_be_deleted()
    {
        var station = await Given.StationAsync();

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteStationRequest.Route, station["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, station["id"]!))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_station_that_still_has_channels_cannot_be_deleted()
    {
        var station = await Given.StationAsync();
        await Given.ChannelAsync((long)station["id"]!);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteStationRequest.Route, station["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("1 channel"));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, station["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_station_that_still_has_articles_cannot_be_deleted()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(section: section);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteStationRequest.Route, section.StationId));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("1 article"));
    }

    [Test]
    public async Task Writes_without_a_key_are_refused_and_change_nothing()
    {
        var slug = Given.UniqueSlug("anon");

        var res = await Anonymous.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug, name = "匿名" });

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(res.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        var all = await (await Admin.GetAsync($"{ApiRoutes.For(ListStationsRequest.Route)}?limit=100")).JsonAsync();
        Assert.That(all["items"]!.AsArray().Any(s => (string?)s!["slug"] == slug), Is.False);
    }

    [Test]
    public async Task Paging_through_stations_returns_every_station_once_in_menu_order()
    {
        var mine = new List<string>();
        for (var i = 0; i < 5; i++) { mine.Add((string)(await Given.StationAsync(sortOrder: 500 + i))["slug"]!); }

        var seen = (await Anonymous.AllPagesAsync(ApiRoutes.For(ListStationsRequest.Route), limit: 2)).Select(s => (string)s["slug"]!).ToList();

        Assert.That(seen, Is.Unique);
        Assert.That(seen.Where(mine.Contains), Is.EqualTo(mine));
    }
}
