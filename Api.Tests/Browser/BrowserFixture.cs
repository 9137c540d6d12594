using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Browser;

/// <summary>Headless Chromium (Debian's) on the API served over real sockets with the demo content: one browser per
/// fixture, a new page per test, and everything the page logs as an error or fails to load recorded, so a test can
/// require that there was none.</summary>
public abstract class BrowserFixture : ApiFixture
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    IPlaywright? playwright;
    IBrowserContext? browser;
    string? userDataDir;
    readonly List<string> network = [];
    readonly List<(string Url, string Text, string? Failure)> failures = [];
    readonly HashSet<string> loaded = [];

    protected override bool OverTheNetwork => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:SeedDemoContent"] = "true" };

    protected IPage Page { get; private set; } = null!;

    /// <summary>Console errors, uncaught exceptions, failed requests and error responses since the page opened.</summary>
    protected List<string> Problems { get; } = [];

    /// <summary>The API's own address on the loopback interface, such as http://127.0.0.1:40123.</summary>
    protected string ApiAddress => Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');

    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        RealClients.Require(RealClients.Chromium, "chromium");
        userDataDir = Directory.CreateTempSubdirectory("cms-chromium-").FullName;
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = RealClients.Chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = (float)Patience.TotalMilliseconds,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        browser.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
    }

    [SetUp]
    public async Task OpenPage()
    {
        Problems.Clear();
        network.Clear();
        failures.Clear();
        loaded.Clear();
        Page = await browser!.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error") { Problems.Add($"console: {message.Text}"); }
        };
        Page.Request += (_, request) => network.Add($"{request.Method} {request.Url}");
        Page.Response += (_, response) => network.Add($"  {response.Status} {response.Url}");
        Page.PageError += (_, error) => Problems.Add($"uncaught: {error}");
        Page.RequestFailed += (_, request) => failures.Add((request.Url, $"failed: {request.Method} {request.Url} ({request.Failure})", request.Failure));
        Page.Response += (_, response) =>
        {
            if (response.Status < 400) { loaded.Add(response.Url); }
            if (response.Status >= 400) { Problems.Add($"error response: {response.Request.Method} {response.Url} {response.Status}"); }
        };
    }

    [TearDown]
    public async Task ClosePage()
    {
        if (Page is null) { return; }
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{TestContext.CurrentContext.Test.Name}.failed.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.AddTestAttachment(shot);
        }
        await Page.CloseAsync();
    }

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        try
        {
            if (browser is not null) { await browser.CloseAsync(); }
            playwright?.Dispose();
        }
        finally
        {
            if (userDataDir is not null)
            {
                RealClients.StopProcessesNaming(userDataDir);
                try { Directory.Delete(userDataDir, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    /// <summary>Nothing went wrong on the page. A request Chromium aborted for a resource that the page did load (a
    /// duplicate fetch it dropped) is not a failure a person sees.</summary>
    protected void AssertNoProblems()
    {
        var failed = failures.Where(f => !(f.Failure == "net::ERR_ABORTED" && loaded.Contains(f.Url))).Select(f => f.Text);
        Assert.That(Problems.Concat(failed), Is.Empty, $"console errors, failed requests or error responses; the page's requests:\n{string.Join("\n", network)}");
    }

    /// <summary>A picture of the working page in the test output directory, for the record.</summary>
    protected async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path);
        return path;
    }
}
