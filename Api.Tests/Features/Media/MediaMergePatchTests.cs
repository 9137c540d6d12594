using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>PATCH /media/{id} with a JSON Merge Patch (RFC 7396): alt text, caption and credit.</summary>
public sealed class MediaMergePatchTests : ApiFixture
{
    [Test]
    public async Task A_patch_changes_only_the_fields_it_names_and_never_the_file()
    {
        var medium = await DescribedMediumAsync();

        var res = await Admin.MergePatchAsync(Url(medium), new { caption = "多样化“选”" });

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)patched["caption"], Is.EqualTo("多样化“选”"));
        Assert.That((string?)patched["alt"], Is.EqualTo("团干部合影"));
        Assert.That((string?)patched["credit"], Is.EqualTo("共青团长岭县委"));
        foreach (var fact in new[] { "fileName", "contentType", "byteSize", "sha256", "width", "height", "url", "createdAt" })
        {
            Assert.That(patched[fact]?.ToJsonString(), Is.EqualTo(medium[fact]?.ToJsonString()), fact);
        }
    }

    [Test]
    public async Task Null_removes_an_optional_field_and_leaves_the_others()
    {
        var medium = await DescribedMediumAsync();

        var res = await Admin.MergePatchRawAsync(Url(medium), """{"credit": null}""");

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(patched["credit"], Is.Null);
        Assert.That((string?)patched["alt"], Is.EqualTo("团干部合影"));
        Assert.That((string?)patched["caption"], Is.EqualTo("团干部"));
    }

    [Test]
    public async Task A_read_only_property_in_a_patch_is_400_naming_it_and_changes_nothing()
    {
        var medium = await DescribedMediumAsync();
        var (_, before) = await Admin.ReadAsync(Url(medium));

        var res = await Admin.MergePatchRawAsync(Url(medium), """{"caption": "新说明", "fileName": "other.jpg"}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("fileName"), Is.Not.Empty, problem.ToJsonString());
        Assert.That((await Admin.ReadAsync(Url(medium))).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_whose_result_is_invalid_is_400_naming_the_field_and_changes_nothing()
    {
        var medium = await DescribedMediumAsync();
        var (_, before) = await Admin.ReadAsync(Url(medium));

        var res = await Admin.MergePatchAsync(Url(medium), new { credit = new string('图', 201) });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("credit"), Is.Not.Empty, problem.ToJsonString());
        Assert.That((await Admin.ReadAsync(Url(medium))).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_sent_as_plain_text_is_415_and_changes_nothing()
    {
        var medium = await DescribedMediumAsync();
        var (_, before) = await Admin.ReadAsync(Url(medium));

        var res = await Admin.MergePatchRawAsync(Url(medium), """{"caption": "新说明"}""", "text/plain");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That((string?)problem["detail"], Does.Contain(WorkflowApi.MergePatchType), "the problem names the type to send");
        Assert.That((await Admin.ReadAsync(Url(medium))).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_that_is_not_a_JSON_object_is_400_and_changes_nothing()
    {
        var medium = await DescribedMediumAsync();
        var (_, before) = await Admin.ReadAsync(Url(medium));

        var res = await Admin.MergePatchRawAsync(Url(medium), "[]");

        await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That((await Admin.ReadAsync(Url(medium))).ETag, Is.EqualTo(before));
    }

    static string Url(JsonNode medium) => ApiRoutes.For(GetMediaRequest.Route, medium.Id());

    async Task<JsonNode> DescribedMediumAsync()
    {
        var medium = await Given.MediaAsync(caption: "团干部");
        var res = await Admin.PutJsonAsync(Url(medium), new { alt = "团干部合影", caption = "团干部", credit = "共青团长岭县委" });
        return await res.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
