using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using static Cms.Api.Tests.Auth.ArticleAction;
using static Cms.Api.Tests.Auth.ArticleStart;

namespace Cms.Api.Tests.Auth;

/// <summary>Every article write a role does not allow, or sent without a key, is refused and changes nothing.</summary>
public sealed class ArticleRoleRefusalTests : ArticleRoleFixture
{
    [TestCaseSource(nameof(RefusedCases))]
    public async Task A_key_is_refused_what_its_role_does_not_allow_and_nothing_changes(string role, ArticleAction action, Ownership ownership,
        ArticleStart start)
    {
        var scene = await ArrangeAsync(role, ownership, start, withLaterRevision: action == RestoreRevision);
        var before = await Admin.SnapshotAsync(scene.Url);

        var res = await ActAsync(scene.Client, action, scene);

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(scene.Url), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(AnonymousCases))]
    public async Task A_request_without_a_key_is_401_and_nothing_changes(ArticleAction action, ArticleStart start)
    {
        var scene = await ArrangeAsync("editor", Ownership.Other, start, withLaterRevision: action == RestoreRevision);
        var before = await Admin.SnapshotAsync(scene.Url);

        var res = await ActAsync(Anonymous, action, scene);

        await res.ExpectUnauthorizedAsync();
        Assert.That(await Admin.SnapshotAsync(scene.Url), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(RefusedCreateCases))]
    public async Task A_key_is_refused_the_articles_its_role_does_not_allow_and_nothing_is_saved(string role, string status)
    {
        var (section, own, client) = await KeyWithSectionAsync(role);

        var res = await client.PostJsonAsync(ArticleApi.Path, NewArticle(section, status, own));

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [Test]
    public async Task Without_a_key_no_one_may_create_an_article()
    {
        var section = await Given.SectionAsync();

        var res = await Anonymous.PostJsonAsync(ArticleApi.Path, new
        {
            title = OriginalTitle, bodyHtml = Body, stationId = section.StationId, channelId = section.ChannelId, status = "draft",
        });

        await res.ExpectUnauthorizedAsync();
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }
}
