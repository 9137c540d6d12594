using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Setting where cover crops centre: at upload, with PUT and with PATCH, under the If-Match rules.</summary>
public sealed class FocalPointTests : MediaFixture
{
    protected override bool MovesClock => true;


    [Test]
    public async Task A_cover_crop_is_not_cached_as_immutable_since_moving_the_focal_point_changes_it()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Halves("png", 400, 300), "0.1", "0.5");

        var crop = await Anonymous.GetAsync(new Uri($"{medium["url"]}&w=160&h=240&fit=cover"));
        var resized = await Anonymous.GetAsync(new Uri($"{medium["url"]}&w=160"));

        Assert.That(crop.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(crop.Headers.CacheControl?.Extensions.Select(e => e.Name), Has.None.EqualTo("immutable"), crop.Headers.CacheControl?.ToString());
        Assert.That(resized.Headers.CacheControl?.Extensions.Select(e => e.Name), Has.Some.EqualTo("immutable"), "a plain resize depends on the bytes only");
    }

    [Test]
    public async Task A_client_revalidating_a_cover_crop_by_date_gets_the_new_crop_after_the_focal_point_moved()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Halves("png", 400, 300), "0.1", "0.5");
        var old = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=160&h=240&fit=cover");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await (await Admin.SendAsync(Patch(medium, """{"focalX":0.9,"focalY":0.5}""", null))).ExpectJsonAsync(HttpStatusCode.OK);
        using var req = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=160&h=240&fit=cover");
        req.Headers.IfModifiedSince = old.Content.Headers.LastModified;

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(TestPhotos.ColourAt(await res.Content.ReadAsByteArrayAsync(), 80, 120), Is.EqualTo("blue"));
    }

    [Test]
    public async Task An_editor_sets_the_focal_point_with_a_patch_and_the_ETag_of_what_they_read()
    {
        var medium = await UploadedAsync();
        var read = await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!));
        using var strict = StrictClientWithKey(CmsFactory.AdminKey);

        var res = await strict.SendAsync(Patch(medium, """{"focalX":0.25,"focalY":0.75}""", read.Headers.ETag));

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)patched["focalX"], (double?)patched["focalY"]), Is.EqualTo((0.25, 0.75)));
        Assert.That((long?)patched["version"], Is.EqualTo((long)medium["version"]! + 1));
        Assert.That(res.Headers.ETag, Is.Not.EqualTo(read.Headers.ETag));
        var again = await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)again["focalX"], (double?)again["focalY"]), Is.EqualTo((0.25, 0.75)));
        Assert.That((string?)again["caption"], Is.EqualTo((string?)medium["caption"]));
    }

    [Test]
    public async Task A_patch_with_the_ETag_of_an_older_version_is_refused_and_changes_nothing()
    {
        var medium = await UploadedAsync();
        var stale = (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).Headers.ETag;
        await (await Admin.SendAsync(Patch(medium, """{"caption":"先改了说明"}""", null))).ExpectJsonAsync(HttpStatusCode.OK);
        using var strict = StrictClientWithKey(CmsFactory.AdminKey);

        var res = await strict.SendAsync(Patch(medium, """{"focalX":0.9,"focalY":0.1}""", stale));

        await res.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var read = await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((double?)read["focalX"], Is.Null);
    }

    [Test]
    public async Task A_patch_without_If_Match_is_refused_as_precondition_required()
    {
        var medium = await UploadedAsync();
        using var strict = StrictClientWithKey(CmsFactory.AdminKey);

        var res = await strict.SendAsync(Patch(medium, """{"focalX":0.5,"focalY":0.5}""", null));

        await res.ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
    }

    [TestCase(0.0, 0.0, TestName = "The_top_left_corner_is_a_valid_focal_point")]
    [TestCase(1.0, 1.0, TestName = "The_bottom_right_corner_is_a_valid_focal_point")]
    [TestCase(0.5, 0.5, TestName = "The_centre_is_a_valid_focal_point")]
    public async Task Focal_points_from_0_to_1_are_accepted(double x, double y)
    {
        var medium = await UploadedAsync();

        var res = await Admin.SendAsync(Patch(medium, new JsonObject { ["focalX"] = x, ["focalY"] = y }.ToJsonString(), null));

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)patched["focalX"], (double?)patched["focalY"]), Is.EqualTo((x, y)));
    }

    [TestCase("""{"focalX":1.5,"focalY":0.5}""", "focalX", TestName = "A_focalX_over_1_is_refused_naming_focalX")]
    [TestCase("""{"focalX":-0.1,"focalY":0.5}""", "focalX", TestName = "A_negative_focalX_is_refused_naming_focalX")]
    [TestCase("""{"focalX":0.5,"focalY":2}""", "focalY", TestName = "A_focalY_over_1_is_refused_naming_focalY")]
    [TestCase("""{"focalX":0.5}""", "focalY", TestName = "A_focalX_without_a_focalY_is_refused_naming_focalY")]
    [TestCase("""{"focalY":0.5}""", "focalX", TestName = "A_focalY_without_a_focalX_is_refused_naming_focalX")]
    [TestCase("""{"focalX":"左边","focalY":0.5}""", "focalX", TestName = "A_focalX_that_is_not_a_number_is_refused_naming_focalX")]
    public async Task Focal_points_outside_the_image_or_half_given_are_refused_and_change_nothing(string patch, string field)
    {
        var medium = await UploadedAsync();

        var res = await Admin.SendAsync(Patch(medium, patch, null));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        var read = await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)read["focalX"], (double?)read["focalY"]), Is.EqualTo(((double?)null, (double?)null)));
        Assert.That((long?)read["version"], Is.EqualTo((long)medium["version"]!));
    }

    [Test]
    public async Task Patching_only_focalX_of_a_medium_that_has_a_focal_point_keeps_its_focalY()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Unique("png"), "0.2", "0.8");

        var res = await Admin.SendAsync(Patch(medium, """{"focalX":0.6}""", null));

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)patched["focalX"], (double?)patched["focalY"]), Is.EqualTo((0.6, 0.8)));
    }

    [Test]
    public async Task Removing_only_one_coordinate_is_refused()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Unique("png"), "0.2", "0.8");

        var res = await Admin.SendAsync(Patch(medium, """{"focalX":null}""", null));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("focalX"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task Patching_both_coordinates_to_null_removes_the_focal_point()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Unique("png"), "0.2", "0.8");

        var res = await Admin.SendAsync(Patch(medium, """{"focalX":null,"focalY":null}""", null));

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)patched["focalX"], (double?)patched["focalY"]), Is.EqualTo(((double?)null, (double?)null)));
    }

    [Test]
    public async Task A_replacement_without_a_focal_point_removes_it()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Unique("png"), "0.2", "0.8");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, medium["id"]!), new { alt = "团干部合影" });

        var replaced = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((double?)replaced["focalX"], Is.Null);
        Assert.That((double?)replaced["focalY"], Is.Null);
    }

    [Test]
    public async Task A_replacement_with_a_focal_point_sets_it()
    {
        var medium = await UploadedAsync();

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, medium["id"]!), new { alt = "团干部合影", focalX = 0.1, focalY = 0.9 });

        var replaced = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(((double?)replaced["focalX"], (double?)replaced["focalY"]), Is.EqualTo((0.1, 0.9)));
    }

    [Test]
    public async Task A_focal_point_sent_with_the_upload_is_kept()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Unique("png"), "0.25", "0.75");

        Assert.That(((double?)medium["focalX"], (double?)medium["focalY"]), Is.EqualTo((0.25, 0.75)));
    }

    [TestCase("0.5", null, "focalY", TestName = "An_upload_with_focalX_but_no_focalY_is_refused_and_nothing_is_saved")]
    [TestCase(null, "0.5", "focalX", TestName = "An_upload_with_focalY_but_no_focalX_is_refused_and_nothing_is_saved")]
    [TestCase("1.01", "0.5", "focalX", TestName = "An_upload_with_focalX_over_1_is_refused_and_nothing_is_saved")]
    [TestCase("左边", "0.5", "focalX", TestName = "An_upload_with_a_focalX_that_is_not_a_number_is_refused_and_nothing_is_saved")]
    public async Task Uploads_with_a_focal_point_that_is_not_valid_are_refused_and_nothing_is_saved(string? x, string? y, string field)
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadWithFocalPointAsync(TestPhotos.Unique("png"), x, y);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task The_key_that_uploaded_a_medium_may_set_its_focal_point()
    {
        var (_, contributor) = await KeyAsync("contributor");
        var medium = await UploadedAsync(client: contributor);

        var res = await contributor.SendAsync(Patch(medium, """{"focalX":0.3,"focalY":0.3}""", null));

        await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_contributor_may_not_set_the_focal_point_of_a_medium_another_key_uploaded()
    {
        var (_, uploader) = await KeyAsync("contributor");
        var (_, other) = await KeyAsync("contributor");
        var medium = await UploadedAsync(client: uploader);

        var res = await other.SendAsync(Patch(medium, """{"focalX":0.3,"focalY":0.3}""", null));

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var read = await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((double?)read["focalX"], Is.Null);
    }

    [Test]
    public async Task An_editor_may_set_the_focal_point_of_a_medium_a_contributor_uploaded()
    {
        var (_, contributor) = await KeyAsync("contributor");
        var (_, editor) = await KeyAsync("editor");
        var medium = await UploadedAsync(client: contributor);

        var res = await editor.SendAsync(Patch(medium, """{"focalX":0.3,"focalY":0.3}""", null));

        await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Setting_a_focal_point_without_a_key_is_refused()
    {
        var medium = await UploadedAsync();

        var res = await Anonymous.SendAsync(Patch(medium, """{"focalX":0.3,"focalY":0.3}""", null));

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    static HttpRequestMessage Patch(JsonNode medium, string json, EntityTagHeaderValue? ifMatch)
    {
        var req = new HttpRequestMessage(HttpMethod.Patch, ApiRoutes.For(PatchMediaEndpoint.Route, medium["id"]!))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null) { req.Headers.IfMatch.Add(ifMatch); }
        return req;
    }
}
