using System.Net;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Channels;

public sealed class ChannelsTests : ApiFixture
{
    [Test]
    public async Task A_channel_is_created_in_a_station_and_read_back_by_anyone()
    {
        var station = await Given.StationAsync();

        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateChannelRequest.Route, station["id"]!), new { slug = "yaowen", name = "要闻", sortOrder = 1 });

        var created = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/channels/{created["id"]}"));
        var channel = await (await Anonymous.GetAsync(ApiRoutes.For(GetChannelRequest.Route, created["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)channel["name"], Is.EqualTo("要闻"));
        Assert.That((long?)channel["stationId"], Is.EqualTo((long?)station["id"]));
    }

    [Test]
    public async Task The_same_slug_may_be_used_in_two_stations_but_not_twice_in_one()
    {
        var songyuan = await Given.StationAsync();
        var jilin = await Given.StationAsync();
        await Given.ChannelAsync((long)songyuan["id"]!, slug: "yaowen");

        var otherStation = await Admin.PostJsonAsync(ApiRoutes.For(CreateChannelRequest.Route, jilin["id"]!), new { slug = "yaowen", name = "要闻" });
        var sameStation = await Admin.PostJsonAsync(ApiRoutes.For(CreateChannelRequest.Route, songyuan["id"]!), new { slug = "yaowen", name = "要闻2" });

        await otherStation.ExpectJsonAsync(HttpStatusCode.Created);
        var problem = await sameStation.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.ErrorsFor("slug"), Is.Not.Empty);
    }

    [Test]
    public async Task Creating_a_channel_in_a_missing_station_is_404()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateChannelRequest.Route, 987654321), new { slug = "yaowen", name = "要闻" });

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_stations_channels_are_listed_in_menu_order_with_paging()
    {
        var station = await Given.StationAsync();
        var id = (long)station["id"]!;
        await Given.ChannelAsync(id, name: "体育", sortOrder: 3);
        await Given.ChannelAsync(id, name: "要闻", sortOrder: 1);
        await Given.ChannelAsync(id, name: "民生", sortOrder: 2);

        var first = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListChannelsRequest.Route, id)}?limit=2")).ExpectJsonAsync(HttpStatusCode.OK);
        var second = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListChannelsRequest.Route, id)}?limit=2&cursor={first["nextCursor"]}"))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var names = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(c => (string?)c!["name"]);
        Assert.That(names, Is.EqualTo(new[] { "要闻", "民生", "体育" }));
        Assert.That(second["nextCursor"], Is.Null);
    }

    [Test]
    public async Task A_cursor_from_one_stations_channels_is_refused_for_another_station()
    {
        var a = await Given.StationAsync();
        var b = await Given.StationAsync();
        await Given.ChannelAsync((long)a["id"]!);
        await Given.ChannelAsync((long)a["id"]!);
        var page = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListChannelsRequest.Route, a["id"]!)}?limit=1")).JsonAsync();

        var res = await Anonymous.GetAsync($"{ApiRoutes.For(ListChannelsRequest.Route, b["id"]!)}?limit=1&cursor={page["nextCursor"]}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [Test]
    public async Task Listing_the_channels_of_a_missing_station_is_404()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(ListChannelsRequest.Route, 987654321));

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Replacing_a_channel_renames_it_and_keeps_it_in_its_station()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync((long)station["id"]!, name: "要闻");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateChannelRequest.Route, channel["id"]!), new { slug = "headlines", name = "头条", sortOrder = 5 });

        var updated = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)updated["slug"], Is.EqualTo("headlines"));
        Assert.That((string?)updated["name"], Is.EqualTo("头条"));
        Assert.That((long?)updated["stationId"], Is.EqualTo((long?)station["id"]));
    }

    [Test]
    public async Task A_channel_cannot_be_moved_by_sending_a_station_id()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync((long)station["id"]!);

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateChannelRequest.Route, channel["id"]!), new { slug = "x", name = "x", stationId = 1 });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("stationId"), Is.Not.Empty);
    }

    [Test]
    public async Task An_empty_channel_can_be_deleted_and_is_gone_from_its_station()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync((long)station["id"]!);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteChannelRequest.Route, channel["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var after = await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, station["id"]!))).JsonAsync();
        Assert.That(after["channels"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task A_channel_with_articles_cannot_be_deleted()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(section: section);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteChannelRequest.Route, section.ChannelId));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("1 article"));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetChannelRequest.Route, section.ChannelId))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Missing_channels_are_404_for_read_replace_and_delete()
    {
        await (await Anonymous.GetAsync(ApiRoutes.For(GetChannelRequest.Route, 987654321))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateChannelRequest.Route, 987654321), new { slug = "x", name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteChannelRequest.Route, 987654321))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
