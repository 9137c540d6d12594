using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cms.Api.Tests.Browser;

/// <summary>Swagger UI as a person uses it: the Authorize dialog, and per operation "Try it out", its fields, Execute and
/// the response panel. Every step waits for what the page shows, never for a fixed time.</summary>
public sealed partial class SwaggerUiPage(IPage page)
{
    /// <summary>Opens the UI at <paramref name="url"/> and waits until the document is loaded and its operations listed.</summary>
    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Regional news CMS API");
        await Expect(Operation("Articles", "GetArticle")).ToBeVisibleAsync();
    }

    public async Task AuthorizeAsync(string key)
    {
        await page.Locator(".scheme-container button.authorize").ClickAsync();
        var dialog = page.Locator(".modal-ux");
        await dialog.Locator("input").First.FillAsync(key);
        await dialog.Locator("button.authorize").ClickAsync();
        await Expect(dialog.Locator("button", new LocatorLocatorOptions { HasText = "Logout" })).ToBeVisibleAsync();
        await dialog.Locator("button.btn-done").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    public ILocator Operation(string tag, string operationId) => page.Locator($"#operations-{tag}-{operationId}");

    /// <summary>Expands the operation and presses "Try it out", so its fields can be filled.</summary>
    public async Task<ILocator> TryOutAsync(string tag, string operationId)
    {
        var operation = Operation(tag, operationId);
        if (!await operation.Locator(".opblock-body").IsVisibleAsync()) { await operation.Locator(".opblock-summary-control").ClickAsync(); }
        await operation.Locator("button.try-out__btn").ClickAsync();
        await Expect(operation.Locator("button.execute")).ToBeVisibleAsync();
        return operation;
    }

    public static ILocator Field(ILocator operation, string name) => operation.Locator($"tr[data-param-name='{name}'] input");

    /// <summary>Presses Execute and waits for the response panel; returns its status and body as the page shows them.</summary>
    public static async Task<ShownResponse> ExecuteAsync(ILocator operation)
    {
        var panel = operation.Locator(".live-responses-table");
        await operation.Locator("button.execute").ClickAsync();
        await Expect(panel.Locator("tr.response .response-col_status").First).ToHaveTextAsync(StatusPattern());
        var status = int.Parse((await panel.Locator("tr.response .response-col_status").First.InnerTextAsync()).Trim()[..3], System.Globalization.CultureInfo.InvariantCulture);
        var body = panel.Locator(".response-col_description .highlight-code pre.microlight");
        var text = await body.CountAsync() > 0 ? await body.First.InnerTextAsync() : "";
        var headers = await panel.Locator(".response-col_description .headerline").AllInnerTextsAsync();
        return new ShownResponse(status, text, headers, panel);
    }

    public sealed record ShownResponse(int Status, string Body, IReadOnlyList<string> Headers, ILocator Panel)
    {
        /// <summary>A header's value as the response panel lists it, one line each ("etag: "v1-abc"").</summary>
        public string? Header(string name) => Headers
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .FirstOrDefault();
    }

    [GeneratedRegex(@"^\s*\d{3}")]
    private static partial Regex StatusPattern();
}
