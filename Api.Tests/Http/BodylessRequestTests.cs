using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>Many client wrappers send Content-Type: application/json on every request. A request that carries that header
/// but no body (a GET, a HEAD, a DELETE, a state change that takes nothing) is answered as if the header were not there.</summary>
public sealed class BodylessRequestTests : ApiFixture
{
    [TestCase(ListStationsRequest.Route, TestName = "Listing stations with a JSON Content-Type and no body works")]
    [TestCase(ListArticlesRequest.Route, TestName = "Listing articles with a JSON Content-Type and no body works")]
    [TestCase(ListMediaRequest.Route, TestName = "Listing media with a JSON Content-Type and no body works")]
    public async Task Lists_read_with_a_JSON_content_type_and_no_body_answer_as_without_it(string route)
    {
        var res = await Admin.SendAsync(WithEmptyJson(HttpMethod.Get, ApiRoutes.For(route) + "?limit=2"));

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK))["items"], Is.Not.Null);
    }

    [Test]
    public async Task Reading_an_article_with_a_JSON_content_type_and_no_body_gives_the_article()
    {
        var article = await Given.ArticleAsync();

        var res = await Anonymous.SendAsync(WithEmptyJson(HttpMethod.Get, article.Url()));

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Id(), Is.EqualTo(article.Id()));
    }

    [Test]
    public async Task A_HEAD_with_a_JSON_content_type_and_no_body_answers_200()
    {
        var res = await Anonymous.SendAsync(WithEmptyJson(HttpMethod.Head, ApiRoutes.For(ListStationsRequest.Route)));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_DELETE_with_a_JSON_content_type_and_no_body_deletes()
    {
        var station = await Given.StationAsync();
        var url = ApiRoutes.For(GetStationRequest.Route, station.Id());
        var request = WithEmptyJson(HttpMethod.Delete, url);
        request.Headers.TryAddWithoutValidation("If-Match", "*");

        var res = await Admin.SendAsync(request);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Archiving_with_a_JSON_content_type_and_no_body_archives()
    {
        var article = await Given.ArticleAsync();

        var res = await Admin.SendAsync(WithEmptyJson(HttpMethod.Post, ApiRoutes.For(ArchiveArticleEndpoint.Route, article.Id())));

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("archived"));
    }

    [Test]
    public async Task Publishing_with_a_JSON_content_type_and_no_body_publishes_now()
    {
        var draft = await Given.ArticleAsync(status: "draft");

        var res = await Admin.SendAsync(WithEmptyJson(HttpMethod.Post, ApiRoutes.For(PublishArticleRequest.Route, draft.Id())));

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("published"));
    }

    [Test]
    public async Task A_create_with_a_JSON_content_type_and_no_body_still_says_the_body_is_empty()
    {
        var res = await Admin.SendAsync(WithEmptyJson(HttpMethod.Post, ApiRoutes.For(CreateStationRequest.Route)));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("body"), Has.Some.Contains("empty"));
    }

    static HttpRequestMessage WithEmptyJson(HttpMethod method, string url)
    {
        var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(method, url) { Content = content };
    }
}

/// <summary>A browser's fetch() with a Content-Type header and no body sends no Content-Length at all.</summary>
public sealed class BodylessRequestOverTheNetworkTests : ApiFixture
{
    protected override bool OverTheNetwork => true;

    [Test]
    public async Task A_GET_with_a_JSON_content_type_and_neither_body_nor_length_answers_200()
    {
        var server = Anonymous.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {ApiRoutes.For(ListStationsRequest.Route)} HTTP/1.1\r\nHost: {server.Authority}\r\n" +
                      "Content-Type: application/json\r\nConnection: close\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync();

        Assert.That(statusLine, Is.EqualTo("HTTP/1.1 200 OK"), await reader.ReadToEndAsync());
    }
}
