using System.Net;
using System.Text;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Faults;

/// <summary>JSON is UTF-8: a body labelled with another charset is refused rather than read as mojibake, and a JSON body
/// over Cms:MaxJsonBytes is refused before it is read.</summary>
public sealed class BodyLimitTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:MaxJsonBytes"] = "4096" };

    [TestCase("iso-8859-1")]
    [TestCase("gb2312")]
    [TestCase("utf-16")]
    public async Task A_JSON_body_labelled_with_another_charset_is_a_415_problem_and_saves_nothing(string charset)
    {
        var slug = Given.UniqueSlug("charset");
        var content = new StringContent($$"""{"slug":"{{slug}}","name":"长岭站"}""", Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = charset };

        var problem = await (await Admin.PostAsync(ApiRoutes.For(CreateStationRequest.Route), content)).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.That((string?)problem["detail"], Does.Contain("UTF-8").And.Contain(charset));
        var stations = await (await Admin.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(stations.ToJsonString(), Does.Not.Contain(slug));
    }

    [Test]
    public async Task A_JSON_body_labelled_utf_8_is_read_as_such()
    {
        var slug = Given.UniqueSlug("utf8");
        var content = new StringContent($$"""{"slug":"{{slug}}","name":"长岭站"}""", Encoding.UTF8, "application/json");

        var station = await (await Admin.PostAsync(ApiRoutes.For(CreateStationRequest.Route), content)).ExpectJsonAsync(HttpStatusCode.Created);

        Assert.That((string?)station["name"], Is.EqualTo("长岭站"));
    }

    [Test]
    public async Task A_JSON_body_over_the_limit_is_a_413_problem_naming_the_limit_and_saves_nothing()
    {
        var slug = Given.UniqueSlug("big");
        var body = $$"""{"slug":"{{slug}}","name":"长岭站","description":"{{new string('长', 2000)}}"}""";

        var post = await Admin.PostAsync(ApiRoutes.For(CreateStationRequest.Route), new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await post.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.That((string?)problem["detail"], Does.Contain("4,096"));
        var stations = await (await Admin.GetAsync(ApiRoutes.For(ListStationsRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(stations.ToJsonString(), Does.Not.Contain(slug));
    }
}
