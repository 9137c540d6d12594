using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Tests.Features.Media;

public sealed class MediaLibraryTests : MediaFixture
{
    [Test]
    public async Task Anyone_can_read_a_mediums_metadata_as_it_was_returned_by_the_upload()
    {
        var uploaded = await UploadedAsync(TestImages.Png(90, 60), "mmexport1704177120277.png", "image/png",
            alt: "团干部合影", caption: "长岭县团干部培训班", credit: "共青团长岭县委");

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, uploaded["id"]!));

        var medium = await res.ExpectJsonAsync(HttpStatusCode.OK);
        var shownToAll = uploaded.DeepClone().AsObject();
        shownToAll.Remove("fileName"); // file name and uploading key: only to keys that may change the medium (#13 row 11)
        shownToAll.Remove("uploadedByKeyId");
        Assert.That(JsonNode.DeepEquals(medium, shownToAll), Is.True, $"read: {medium}\nuploaded: {uploaded}");
    }

    [Test]
    public async Task Metadata_of_a_missing_medium_is_a_404_problem_naming_the_id()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, 987654321));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    [Test]
    public async Task The_library_lists_the_newest_upload_first()
    {
        var first = await UploadedAsync(caption: "第一张");
        var second = await UploadedAsync(caption: "第二张");
        var third = await UploadedAsync(caption: "第三张");

        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit=3");

        var page = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page["items"]!.AsArray().Select(m => (long)m!["id"]!), Is.EqualTo(new[] { (long)third["id"]!, (long)second["id"]!, (long)first["id"]! }));
        Assert.That(page["items"]![0]!["caption"]?.GetValue<string>(), Is.EqualTo("第三张"));
    }

    [Test]
    public async Task Paging_through_the_library_returns_every_medium_once_with_no_gaps()
    {
        var mine = new List<long>();
        for (var i = 0; i < 5; i++) { mine.Add((long)(await UploadedAsync())["id"]!); }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ExpectJsonAsync(HttpStatusCode.OK);
            Assert.That(page["items"]!.AsArray(), Has.Count.LessThanOrEqualTo(2));
            seen.AddRange(page["items"]!.AsArray().Select(m => (long)m!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.Ordered.Descending);
        Assert.That(seen, Is.EqualTo(await AllMediaIdsAsync()));
        Assert.That(seen.Where(mine.Contains), Is.EqualTo(Enumerable.Reverse(mine)));
    }

    [Test]
    public async Task The_last_page_of_the_library_has_no_next_cursor()
    {
        var total = (await AllMediaIdsAsync()).Count;
        await UploadedAsync();

        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit={total + 1}");

        var page = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(total + 1));
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task A_cursor_edited_by_hand_to_point_elsewhere_is_refused_naming_the_cursor()
    {
        await UploadedAsync();
        await UploadedAsync();
        var cursor = (string)(await (await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit=1")).ExpectJsonAsync(HttpStatusCode.OK))["nextCursor"]!;
        var forged = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("999999999")) + cursor[cursor.IndexOf('.', StringComparison.Ordinal)..];

        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit=1&cursor={forged}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [TestCase("abc", TestName = "A_made_up_cursor_is_refused_naming_the_cursor")]
    [TestCase("OTk5.AAAA", TestName = "A_cursor_with_a_made_up_signature_is_refused_naming_the_cursor")]
    [TestCase("%%%.%%%", TestName = "A_cursor_that_is_not_base64_is_refused_naming_the_cursor")]
    public async Task Cursors_the_library_did_not_issue_are_refused(string cursor)
    {
        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?cursor={Uri.EscapeDataString(cursor)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [Test]
    public async Task A_cursor_from_the_stations_list_is_refused_by_the_library()
    {
        await Given.StationAsync();
        await Given.StationAsync();
        var stationsCursor = (string)(await (await Anonymous.GetAsync($"{ApiRoutes.For(ListStationsRequest.Route)}?limit=1")).ExpectJsonAsync(HttpStatusCode.OK))["nextCursor"]!;

        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?cursor={stationsCursor}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [TestCase("0", TestName = "A_page_size_of_0_is_refused_naming_the_limit")]
    [TestCase("101", TestName = "A_page_size_of_101_is_refused_naming_the_limit")]
    [TestCase("-1", TestName = "A_negative_page_size_is_refused_naming_the_limit")]
    [TestCase("ten", TestName = "A_page_size_that_is_not_a_number_is_refused_naming_the_limit")]
    public async Task Page_sizes_outside_1_to_100_are_refused(string limit)
    {
        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit={limit}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("limit"), Is.Not.Empty);
    }

    [Test]
    public async Task A_page_size_of_100_is_allowed()
    {
        await UploadedAsync();

        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?limit=100");

        var page = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page["items"]!.AsArray(), Is.Not.Empty);
    }

    [Test]
    public async Task Replacing_the_description_sets_alt_caption_and_credit_and_clears_what_is_left_out()
    {
        var bytes = TestImages.Jpeg();
        var uploaded = await UploadedAsync(bytes, alt: "旧的替代文字", caption: "旧的说明", credit: "旧的来源");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, uploaded["id"]!), new { alt = "团干部在长岭县培训", caption = "多链条打造团干部队伍" });

        var updated = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)updated["alt"], Is.EqualTo("团干部在长岭县培训"));
        Assert.That((string?)updated["caption"], Is.EqualTo("多链条打造团干部队伍"));
        Assert.That((string?)updated["credit"], Is.Null);
        var read = await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, uploaded["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(JsonNode.DeepEquals(read, updated), Is.True, $"read: {read}\nupdated: {updated}");
    }

    [Test]
    public async Task Replacing_the_description_never_changes_the_file_or_its_facts()
    {
        var uploaded = await UploadedAsync(TestPhotos.Unique("png", 50, 40), "原图.png", "image/png");
        var servedBefore = await ServedAsync(uploaded);

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, uploaded["id"]!), new { alt = "新", caption = "新", credit = "新" });

        var updated = await res.ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var fact in new[] { "id", "url", "fileName", "contentType", "byteSize", "sha256", "width", "height", "createdAt" })
        {
            Assert.That(JsonNode.DeepEquals(updated[fact], uploaded[fact]), Is.True, fact);
        }
        Assert.That((DateTime)updated["updatedAt"]!, Is.GreaterThanOrEqualTo((DateTime)uploaded["updatedAt"]!));
        Assert.That(await ServedAsync(uploaded), Is.EqualTo(servedBefore));
    }

    [TestCase("sha256", TestName = "A_sha256_in_a_replace_is_refused_not_silently_ignored")]
    [TestCase("fileName", TestName = "A_fileName_in_a_replace_is_refused_not_silently_ignored")]
    [TestCase("contentType", TestName = "A_contentType_in_a_replace_is_refused_not_silently_ignored")]
    [TestCase("id", TestName = "An_id_in_a_replace_is_refused_not_silently_ignored")]
    public async Task Read_only_fields_in_a_replace_are_refused_and_nothing_changes(string field)
    {
        var uploaded = await UploadedAsync(caption: "原来的说明");
        var body = new JsonObject { ["caption"] = "新的说明", [field] = "999" };

        var res = await Admin.PutAsync(ApiRoutes.For(UpdateMediaRequest.Route, uploaded["id"]!),
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty);
        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, uploaded["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)read["caption"], Is.EqualTo("原来的说明"));
    }

    [Test]
    public async Task A_credit_over_200_characters_is_refused_naming_the_field()
    {
        var uploaded = await UploadedAsync(credit: "共青团长岭县委");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, uploaded["id"]!), new { credit = new string('团', 201) });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("credit"), Is.Not.Empty);
        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, uploaded["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)read["credit"], Is.EqualTo("共青团长岭县委"));
    }

    [Test]
    public async Task Replacing_the_description_of_a_missing_medium_is_404()
    {
        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, 987654321), new { alt = "无" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    [Test]
    public async Task Replacing_the_description_without_a_key_is_refused_and_changes_nothing()
    {
        var uploaded = await UploadedAsync(caption: "原来的说明");

        var res = await Anonymous.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, uploaded["id"]!), new { caption = "匿名修改" });

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var read = await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, uploaded["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)read["caption"], Is.EqualTo("原来的说明"));
    }

    [Test]
    public async Task The_library_is_public_for_media_that_published_articles_show()
    {
        var uploaded = await UploadedAsync();
        await Given.ArticleAsync(bodyHtml: $"<figure><img src=\"/api/v1/media/{uploaded["id"]}/content\"></figure>");

        var res = await Anonymous.GetAsync(ApiRoutes.For(ListMediaRequest.Route));

        var page = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page["items"]!.AsArray().Select(m => (long)m!["id"]!), Does.Contain((long)uploaded["id"]!));
    }
}
