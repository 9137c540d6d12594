using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Stations;

/// <summary>PATCH /stations/{id} with a JSON Merge Patch (RFC 7396).</summary>
public sealed class StationMergePatchTests : ApiFixture
{
    [Test]
    public async Task A_patch_changes_only_the_fields_it_names()
    {
        var station = await FullStationAsync();

        var res = await Admin.MergePatchAsync(Url(station), new { name = "白城站" });

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)patched["name"], Is.EqualTo("白城站"));
        Assert.That((string?)patched["slug"], Is.EqualTo((string?)station["slug"]));
        Assert.That((string?)patched["description"], Is.EqualTo("吉林省松原市新闻"));
        Assert.That((string?)patched["hotline"], Is.EqualTo("0438-3222222"));
        Assert.That((int)patched["sortOrder"]!, Is.EqualTo(7));
    }

    [Test]
    public async Task Null_removes_an_optional_field_and_leaves_the_others()
    {
        var station = await FullStationAsync();

        var res = await Admin.MergePatchRawAsync(Url(station), """{"description": null}""");

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(patched["description"], Is.Null);
        Assert.That((string?)patched["hotline"], Is.EqualTo("0438-3222222"));
        Assert.That((string?)patched["name"], Is.EqualTo("松原站"));
    }

    [Test]
    public async Task An_unknown_property_is_400_naming_it_and_changes_nothing()
    {
        var station = await FullStationAsync();
        var (_, before) = await Admin.ReadAsync(Url(station));

        var res = await Admin.MergePatchRawAsync(Url(station), """{"name": "白城站", "region": "吉林"}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("region"), Is.Not.Empty, problem.ToJsonString());
        Assert.That((await Admin.ReadAsync(Url(station))).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_whose_result_has_no_name_is_400_naming_name_and_changes_nothing()
    {
        var station = await FullStationAsync();
        var (_, before) = await Admin.ReadAsync(Url(station));

        var res = await Admin.MergePatchRawAsync(Url(station), """{"name": ""}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("name"), Is.Not.Empty, problem.ToJsonString());
        Assert.That((await Admin.ReadAsync(Url(station))).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_sent_as_plain_text_is_415_and_changes_nothing()
    {
        var station = await FullStationAsync();
        var (_, before) = await Admin.ReadAsync(Url(station));

        var res = await Admin.MergePatchRawAsync(Url(station), """{"name": "白城站"}""", "text/plain");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That((string?)problem["detail"], Does.Contain(WorkflowApi.MergePatchType), "the problem names the type to send");
        Assert.That((await Admin.ReadAsync(Url(station))).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_that_is_not_a_JSON_object_is_400_and_changes_nothing()
    {
        var station = await FullStationAsync();
        var (_, before) = await Admin.ReadAsync(Url(station));

        var res = await Admin.MergePatchRawAsync(Url(station), "[]");

        await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That((await Admin.ReadAsync(Url(station))).ETag, Is.EqualTo(before));
    }

    static string Url(JsonNode station) => ApiRoutes.For(GetStationRequest.Route, station.Id());

    async Task<JsonNode> FullStationAsync()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new
        {
            slug = Given.UniqueSlug("songyuan"), name = "松原站", description = "吉林省松原市新闻", hotline = "0438-3222222", sortOrder = 7,
        });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }
}
