using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Cms:Media:KeepOriginals on: the upload as received (with its metadata) is kept beside the cleaned copy, for
/// editors and the uploading key only.</summary>
public sealed class KeptOriginalsTests : MediaFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Media:KeepOriginals"] = "true",
    };

    [Test]
    public async Task An_editor_gets_the_upload_exactly_as_received_with_its_EXIF_and_location()
    {
        var photo = TestPhotos.Phone("jpeg", 400, 300, orientation: 6);
        var medium = await UploadedAsync(photo);
        var (_, editor) = await KeyAsync("editor");

        var res = await editor.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?original=true");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var original = await res.Content.ReadAsByteArrayAsync();
        Assert.That(original, Is.EqualTo(photo));
        Assert.That(TestPhotos.Read(original), Has.Property("HasLocation").True.And.Property("Orientation").EqualTo(6));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That(res.Headers.CacheControl?.Private, Is.True, res.Headers.CacheControl?.ToString());
        Assert.That(res.Headers.CacheControl?.NoStore, Is.True, res.Headers.CacheControl?.ToString());
    }

    [Test]
    public async Task An_editor_can_fetch_part_of_the_original_with_a_range_request()
    {
        var photo = TestPhotos.Phone();
        var medium = await UploadedAsync(photo);
        using var req = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?original=true");
        req.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 99);

        var res = await Admin.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.EqualTo(photo[..100]));
        Assert.That(res.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 0-99/{photo.Length}"));
    }

    [Test]
    public async Task The_served_copy_stays_clean_when_the_original_is_kept()
    {
        var medium = await UploadedAsync(TestPhotos.Phone());

        var served = await ServedAsync(medium, client: Admin);

        Assert.That(TestPhotos.Read(served).PersonalMetadata, Is.Empty);
        Assert.That(MediaBytes.Sha256Of(served), Is.EqualTo((string?)medium["sha256"]));
    }

    [Test]
    public async Task The_original_has_an_ETag_of_its_own()
    {
        var medium = await UploadedAsync(TestPhotos.Phone());

        var original = await Admin.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?original=true");
        var served = await Admin.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));

        Assert.That(original.Headers.ETag, Is.Not.Null);
        Assert.That(original.Headers.ETag, Is.Not.EqualTo(served.Headers.ETag));
    }

    [Test]
    public async Task The_key_that_uploaded_a_photo_gets_its_original()
    {
        var (_, contributor) = await KeyAsync("contributor");
        var photo = TestPhotos.Phone();
        var medium = await UploadedAsync(photo, client: contributor);

        var res = await contributor.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?original=true");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.EqualTo(photo));
    }

    [TestCase(null, TestName = "The_public_may_not_have_the_original_of_a_photo")]
    [TestCase("contributor", TestName = "A_contributor_may_not_have_the_original_of_a_photo_another_key_uploaded")]
    [TestCase("author", TestName = "An_author_may_not_have_the_original_of_a_photo_another_key_uploaded")]
    public async Task Others_may_not_have_the_original(string? role)
    {
        var medium = await UploadedAsync(TestPhotos.Phone());
        var client = role is null ? Anonymous : (await KeyAsync(role)).Client;

        var res = await client.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?original=true");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Not.Contain("Xiaomi"));
        Assert.That((string?)problem["detail"], Is.Not.Empty);
    }

    [Test]
    public async Task The_original_is_refused_at_a_versioned_url_too_and_the_refusal_is_not_cached()
    {
        var medium = await UploadedAsync(TestPhotos.Phone());

        var res = await Anonymous.GetAsync(new Uri($"{medium["url"]}&original=true"));

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var cc = res.Headers.CacheControl;
        Assert.That(cc?.Public, Is.Not.True, cc?.ToString());
        Assert.That(cc?.Extensions.Select(e => e.Name), Has.None.EqualTo("immutable"), cc?.ToString());
    }

    [Test]
    public async Task An_editor_gets_the_original_at_a_versioned_url_without_it_being_cached()
    {
        var medium = await UploadedAsync(TestPhotos.Phone());

        var res = await Admin.GetAsync(new Uri($"{medium["url"]}&original=true"));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Headers.CacheControl?.NoStore, Is.True, res.Headers.CacheControl?.ToString());
        Assert.That(res.Headers.CacheControl?.Public, Is.False, res.Headers.CacheControl?.ToString());
    }

    [Test]
    public async Task An_upload_stores_the_clean_copy_and_the_original_and_deleting_it_removes_both()
    {
        var photo = TestPhotos.Phone();
        var before = MediaFiles();
        var medium = await UploadedAsync(photo);
        var stored = MediaFiles().Except(before).ToList();
        var originals = stored.Where(f => f.Contains(Path.DirectorySeparatorChar + "originals" + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        var keptBytes = originals.Count == 1 ? await File.ReadAllBytesAsync(originals[0]) : [];

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.That(originals, Has.Count.EqualTo(1));
        Assert.That(keptBytes, Is.EqualTo(photo));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(MediaFiles(), Is.EquivalentTo(before));
    }

    [Test]
    public async Task Identical_uploads_share_one_original_which_goes_with_the_last_of_them()
    {
        var photo = TestPhotos.Phone();
        var before = MediaFiles();
        var first = await UploadedAsync(photo);
        var second = await UploadedAsync(photo);
        var stored = MediaFiles().Except(before).ToList();

        await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, first["id"]!));
        var afterOne = await Admin.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, second["id"]!)}?original=true");
        await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, second["id"]!));

        Assert.That(stored, Has.Count.EqualTo(2), "one clean copy and one original for both rows");
        Assert.That(afterOne.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await afterOne.Content.ReadAsByteArrayAsync(), Is.EqualTo(photo));
        Assert.That(MediaFiles(), Is.EquivalentTo(before));
    }
}
