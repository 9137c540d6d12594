using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Authors;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Audit;

/// <summary>Issue #13 row 2: writes without a valid key cannot fill the audit log, and it keeps entries only for
/// <c>Cms:Audit:RetentionDays</c>. A host of its own: it counts every entry and moves the clock.</summary>
public sealed class AuditFloodingTests : ApiFixture
{
    static readonly string Path = ApiRoutes.For(ListAuditRequest.Route);

    protected override bool MovesClock => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:Audit:RetentionDays"] = "30" };

    [Test]
    public async Task Five_hundred_writes_without_a_valid_key_add_no_entry()
    {
        var article = await Given.ArticleAsync(status: "draft");
        var publish = ApiRoutes.For(PublishArticleRequest.Route, article.Id());
        var before = (await Admin.AllPagesAsync(Path, limit: 100)).Count;
        using var stranger = StrictClientWithKey("cms_this-key-was-never-issued");

        var statuses = new HashSet<HttpStatusCode>();
        for (var i = 0; i < 250; i++)
        {
            using var anonymous = await Anonymous.PostAsync($"{publish}?n={i}&filler={new string('x', 200)}", null);
            using var unknown = await stranger.PostAsync($"{publish}?n={i}", null);
            statuses.Add(anonymous.StatusCode);
            statuses.Add(unknown.StatusCode);
        }

        Assert.That(statuses, Is.SubsetOf(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That((await Admin.AllPagesAsync(Path, limit: 100)).Count, Is.EqualTo(before));
    }

    [Test]
    public async Task Entries_older_than_the_retention_are_removed_and_younger_ones_kept()
    {
        await Given.AuthorAsync("王芳");
        var authors = ApiRoutes.For(CreateAuthorRequest.Route);
        var first = await Admin.AllPagesAsync(Path, limit: 100);
        Assert.That(first, Is.Not.Empty);
        var oldestId = first.Min(e => (long)e["id"]!);

        Clock.Advance(TimeSpan.FromDays(29));
        await Given.AuthorAsync("李雪");
        var within = await Admin.AllPagesAsync(Path, limit: 100);
        Assert.That(within.Select(e => (long)e["id"]!), Has.Member(oldestId), "29 days old, within 30 days of retention");

        Clock.Advance(TimeSpan.FromDays(2));
        await Given.AuthorAsync("张伟");
        var after = await Admin.AllPagesAsync(Path, limit: 100);

        Assert.That(after.Select(e => (long)e["id"]!), Has.No.Member(oldestId));
        Assert.That(after.Select(e => (DateTime)e["at"]!), Is.All.GreaterThanOrEqualTo(Clock.GetUtcNow().UtcDateTime.AddDays(-30)));
        Assert.That(after.Count(e => (string?)e["path"] == authors), Is.EqualTo(2), "the two younger writes stay");
    }
}
