using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cms.Api.Tests.Browser;

/// <summary>An integrator opens Swagger UI in Chromium, with the Accept-Encoding a browser sends, and uses it: the page
/// loads without an error, a key goes in through the Authorize dialog, and "Try it out" reads, changes and uploads.</summary>
public sealed class SwaggerUiBrowserTests : BrowserFixture
{
    const long DemoArticle = 3808167;

    SwaggerUiPage Ui => new(Page);

    [Test]
    public async Task Swagger_UI_loads_in_a_browser_without_a_single_error()
    {
        await Ui.OpenAsync($"{ApiAddress}/swagger");

        Assert.That(await Page.EvaluateAsync<bool>("() => typeof SwaggerUIBundle === 'function'"), Is.True);
        await ScreenshotAsync("swagger-ui.png");
        AssertNoProblems();
    }

    [Test]
    public async Task A_key_entered_in_the_Authorize_dialog_is_sent_and_the_demo_article_is_read()
    {
        await Ui.OpenAsync($"{ApiAddress}/swagger");
        await Ui.AuthorizeAsync(CmsFactory.AdminKey);
        var get = await Ui.TryOutAsync("Articles", "GetArticle");
        await SwaggerUiPage.Field(get, "id").FillAsync(DemoArticle.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var request = Page.WaitForRequestAsync(r => r.Url.EndsWith($"/api/v1/articles/{DemoArticle}", StringComparison.Ordinal));
        var shown = await SwaggerUiPage.ExecuteAsync(get);

        Assert.That(shown.Status, Is.EqualTo(200), shown.Body);
        Assert.That((string?)JsonNode.Parse(shown.Body)!["title"], Is.EqualTo(SeedArticle.Title));
        Assert.That(await (await request).HeaderValueAsync("authorization"), Is.EqualTo($"Bearer {CmsFactory.AdminKey}"));
        AssertNoProblems();
    }

    [Test]
    public async Task A_conditional_PATCH_goes_through_with_the_ETag_in_the_If_Match_field_the_UI_offers()
    {
        await Ui.OpenAsync($"{ApiAddress}/swagger");
        var patch = Ui.Operation("Articles", "PatchArticle");
        await Ui.AuthorizeAsync(CmsFactory.AdminKey);
        var get = await Ui.TryOutAsync("Articles", "GetArticle");
        await SwaggerUiPage.Field(get, "id").FillAsync(DemoArticle.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var read = await SwaggerUiPage.ExecuteAsync(get);
        var etag = read.Header("etag");
        Assert.That(etag, Is.Not.Null.And.StartWith("\"v"), string.Join("\n", read.Headers));
        var summary = $"长岭县团干部队伍建设 {Guid.NewGuid():N}";

        await Ui.TryOutAsync("Articles", "PatchArticle");
        await SwaggerUiPage.Field(patch, "id").FillAsync(DemoArticle.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SwaggerUiPage.Field(patch, "If-Match").FillAsync(etag!);
        await patch.Locator("textarea.body-param__text").FillAsync(new JsonObject { ["summary"] = summary }.ToJsonString());
        var changed = await SwaggerUiPage.ExecuteAsync(patch);

        Assert.That(changed.Status, Is.EqualTo(200), changed.Body);
        Assert.That((string?)JsonNode.Parse(changed.Body)!["summary"], Is.EqualTo(summary));
        Assert.That(changed.Header("etag"), Is.Not.EqualTo(etag), "a new version");
        AssertNoProblems();
    }

    [Test]
    public async Task An_image_uploaded_through_the_file_picker_is_shown_when_its_content_is_read()
    {
        await Ui.OpenAsync($"{ApiAddress}/swagger");
        await Ui.AuthorizeAsync(CmsFactory.AdminKey);
        var upload = await Ui.TryOutAsync("Media", "UploadMedia");
        await upload.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "mmexport1704177120277.jpg",
            MimeType = "image/jpeg",
            Buffer = TestPhotos.Unique(width: 320, height: 240),
        });
        var uploaded = await SwaggerUiPage.ExecuteAsync(upload);
        Assert.That(uploaded.Status, Is.EqualTo(201), uploaded.Body);
        var id = (long)JsonNode.Parse(uploaded.Body)!["id"]!;

        var content = await Ui.TryOutAsync("Media", "GetMediaContent");
        await SwaggerUiPage.Field(content, "id").FillAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var shown = await SwaggerUiPage.ExecuteAsync(content);

        Assert.That(shown.Status, Is.EqualTo(200));
        var image = shown.Panel.Locator(".response-col_description img");
        await Expect(image).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await image.EvaluateAsync("img => img.decode()");
        Assert.That(await image.EvaluateAsync<int>("img => img.naturalWidth"), Is.EqualTo(320));
        AssertNoProblems();
    }
}

/// <summary>Behind nginx mounting the API at /cms (X-Forwarded-Prefix from a trusted proxy), Swagger UI loads from
/// /cms/swagger and "Try it out" calls the API under /cms.</summary>
public sealed class SwaggerUiBehindProxyTests : BrowserFixture
{
    NginxProxy? proxy;

    [OneTimeSetUp]
    public async Task StartProxy()
    {
        RealClients.Require(RealClients.Nginx, "nginx");
        proxy = await NginxProxy.StartAsync(ApiAddress, "/cms", Patience);
    }

    [OneTimeTearDown]
    public void StopProxy() => proxy?.Dispose();

    [Test]
    public async Task Swagger_UI_behind_a_proxy_under_cms_loads_and_tries_a_GET_through_cms()
    {
        await SwaggerUiUnderPrefix.LoadAndReadAsync(Page, proxy!.Address);

        AssertNoProblems();
    }
}

/// <summary>With Cms:PathBase=/cms (a proxy that passes the path on unchanged) the same holds at the API's own address.</summary>
public sealed class SwaggerUiUnderPathBaseTests : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Cms:PathBase"] = "/cms" };

    [Test]
    public async Task Swagger_UI_under_a_configured_path_base_loads_and_tries_a_GET_under_it()
    {
        await SwaggerUiUnderPrefix.LoadAndReadAsync(Page, $"{ApiAddress}/cms");

        AssertNoProblems();
    }
}

static class SwaggerUiUnderPrefix
{
    /// <summary>Opens Swagger UI under <paramref name="baseAddress"/>, checks the document was loaded from there and names
    /// it as the server, and reads the demo article with "Try it out" through it.</summary>
    public static async Task LoadAndReadAsync(IPage page, string baseAddress)
    {
        var ui = new SwaggerUiPage(page);
        var document = page.WaitForResponseAsync(r => r.Url.EndsWith("/swagger.json", StringComparison.Ordinal));
        await ui.OpenAsync($"{baseAddress}/swagger");
        Assert.That((await document).Url, Is.EqualTo($"{baseAddress}/swagger/v1/swagger.json"));
        await Expect(page.Locator(".servers select")).ToHaveValueAsync(new Uri(baseAddress).AbsolutePath);

        var get = await ui.TryOutAsync("Articles", "GetArticle");
        await SwaggerUiPage.Field(get, "id").FillAsync("3808167");
        var request = page.WaitForRequestAsync(r => r.Url.Contains("/api/v1/articles/", StringComparison.Ordinal));
        var shown = await SwaggerUiPage.ExecuteAsync(get);

        Assert.That((await request).Url, Is.EqualTo($"{baseAddress}/api/v1/articles/3808167"));
        Assert.That(shown.Status, Is.EqualTo(200), shown.Body);
        Assert.That((string?)JsonNode.Parse(shown.Body)!["title"], Is.EqualTo(SeedArticle.Title));
    }
}
