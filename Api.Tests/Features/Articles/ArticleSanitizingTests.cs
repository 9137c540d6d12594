using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleSanitizingTests : ApiFixture
{
    [Test]
    public async Task Scripts_are_removed_together_with_their_code()
    {
        var html = "<p>近年来</p><script>alert(document.cookie)</script><p>党有号召,团有行动。</p>";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(stored, Does.Not.Contain("alert(document.cookie)"), "the script's code must not turn into visible article text");
        Assert.That(stored, Does.Contain("<p>近年来</p>").And.Contain("<p>党有号召,团有行动。</p>"));
    }

    [Test]
    public async Task Event_handler_attributes_are_removed_but_their_elements_stay()
    {
        var html = """<p onclick="steal()">点击量91726次</p><img src="https://www.chinajilin.com.cn/a.jpg" onerror="alert(1)" alt="活动">""";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Does.Not.Contain("onclick").IgnoreCase);
        Assert.That(stored, Does.Not.Contain("onerror").IgnoreCase);
        Assert.That(stored, Does.Not.Contain("steal()").And.Not.Contain("alert(1)"));
        Assert.That(stored, Does.Contain("<p>点击量91726次</p>"));
        Assert.That(stored, Does.Contain("src=\"https://www.chinajilin.com.cn/a.jpg\"").And.Contain("alt=\"活动\""));
    }

    [TestCase("""<a href="javascript:alert(1)">中国吉林网</a>""", TestName = "Javascript_links_lose_their_href_but_keep_their_text")]
    [TestCase("""<a href="JaVaScRiPt:alert(1)">中国吉林网</a>""", TestName = "Javascript_links_in_mixed_case_lose_their_href")]
    [TestCase("""<a href="&#106;avascript:alert(1)">中国吉林网</a>""", TestName = "Javascript_links_hidden_behind_entities_lose_their_href")]
    [TestCase("""<a href=" javascript:alert(1)">中国吉林网</a>""", TestName = "Javascript_links_with_leading_spaces_lose_their_href")]
    public async Task Javascript_links_are_disarmed(string html)
    {
        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Does.Not.Contain("javascript").IgnoreCase);
        Assert.That(stored, Does.Not.Contain("alert(1)"));
        Assert.That(stored, Does.Contain("中国吉林网"));
    }

    [Test]
    public async Task Style_attributes_are_removed()
    {
        var html = """<p style="color:red;background:url(javascript:alert(1))">红色文化和绿色自然景观</p>""";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Is.EqualTo("<p>红色文化和绿色自然景观</p>"));
    }

    [Test]
    public async Task Iframes_are_removed()
    {
        var html = """<p>活动直播</p><iframe src="https://evil.example/player"></iframe>""";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Does.Not.Contain("iframe").IgnoreCase);
        Assert.That(stored, Does.Not.Contain("evil.example"));
        Assert.That(stored, Does.Contain("<p>活动直播</p>"));
    }

    [Test]
    public async Task Images_with_data_urls_lose_their_source()
    {
        var html = """<p>图片</p><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" alt="x">""";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Does.Not.Contain("data:").And.Not.Contain("base64"));
        Assert.That(stored, Does.Contain("<p>图片</p>"));
    }

    [Test]
    public async Task Clean_article_structure_is_kept_exactly()
    {
        var html =
            "<h2>多样化“选” 打通源头“储备链”</h2>" +
            "<p>党有号召,<strong>团有行动</strong>。<em>共青团长岭县委</em>现有专职人数5人。</p>" +
            "<ul><li>青年讲师团</li><li>青年志愿者协会</li><li>青年文明号</li></ul>" +
            "<ol><li>服务大局</li><li>服务青年</li></ol>" +
            "<p><a href=\"https://www.chinajilin.com.cn/\">中国吉林网</a> <a href=\"http://example.com/news\">旧站</a> " +
            "<a href=\"mailto:news@example.com\">投稿</a></p>" +
            "<figure><img src=\"https://www.chinajilin.com.cn/mmexport1704177120277.jpg\" alt=\"团干部\"><figcaption>图文来源:共青团长岭县委</figcaption></figure>" +
            "<table><thead><tr><th>项目</th><th>人数</th></tr></thead><tbody><tr><td>专职</td><td>5</td></tr></tbody></table>";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Is.EqualTo(html));
    }

    [Test]
    public async Task Links_that_open_a_new_window_cannot_reach_back_to_the_page()
    {
        var html = """<p><a href="https://www.chinajilin.com.cn/" target="_blank">中国吉林网</a></p>""";

        var stored = await StoredBodyAsync(html);

        Assert.That(stored, Does.Contain("rel=\"noopener noreferrer\""));
        Assert.That(stored, Does.Contain("href=\"https://www.chinajilin.com.cn/\""));
    }

    [Test]
    public async Task The_body_of_a_replace_is_sanitized_too()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section);
        var body = ArticleApi.Body(section);
        body["bodyHtml"] = """<p onclick="x()">改后</p><script>alert(2)</script><iframe src="https://evil.example/"></iframe>""";

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body);

        await res.ExpectJsonAsync(HttpStatusCode.OK);
        var stored = (string?)(await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK))["bodyHtml"];
        Assert.That(stored, Is.EqualTo("<p>改后</p>"));
    }

    async Task<string?> StoredBodyAsync(string html)
    {
        var created = await Given.ArticleAsync(bodyHtml: html);
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, created.Id()));
        return (string?)(await res.ExpectJsonAsync(HttpStatusCode.OK))["bodyHtml"];
    }
}
