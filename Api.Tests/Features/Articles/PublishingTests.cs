using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Sync;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>draft → scheduled → published → archived through publish, unpublish and archive, and what the public sees
/// at each step: the article's page, lists, search, feeds and sync. The API's clock is moved by hand.</summary>
public sealed class PublishingTests : ApiFixture
{
    protected override bool MovesClock => true;


    [Test]
    public async Task Publishing_a_draft_makes_it_public_everywhere_at_once()
    {
        var (draft, section, word) = await Given.DraftAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        var res = await PublishNowAsync(Admin, draft.Id());

        var published = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(published.Status(), Is.EqualTo("published"));
        Assert.That((DateTime)published["publishedAt"]!, Is.EqualTo(ArticleApi.ToMilliseconds(Clock.GetUtcNow().UtcDateTime)));
        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.EquivalentTo(WorkflowApi.AllPublicViews));
        var synced = await app.SyncAsync();
        Assert.That(synced.Select(i => i.Id()), Does.Contain(draft.Id()));
        Assert.That((string?)app.Articles[draft.Id()]["status"], Is.EqualTo("published"));
    }

    [Test]
    public async Task A_draft_is_nowhere_on_the_public_side_before_it_is_published()
    {
        var (draft, section, word) = await Given.DraftAsync();

        var views = await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word);

        Assert.That(views, Is.Empty);
    }

    [Test]
    public async Task Publishing_for_a_future_time_schedules_the_article_and_keeps_it_hidden_everywhere()
    {
        var (draft, section, word) = await Given.DraftAsync();
        var at = Clock.GetUtcNow().AddHours(2);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        var res = await Admin.PostJsonAsync(ApiRoutes.For(PublishArticleRequest.Route, draft.Id()), new { publishAt = at });

        var scheduled = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(scheduled.Status(), Is.EqualTo("scheduled"));
        Assert.That((DateTime)scheduled["publishedAt"]!, Is.EqualTo(ArticleApi.ToMilliseconds(at.UtcDateTime)));
        var withKey = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(withKey.Status(), Is.EqualTo("scheduled"), "editors see that it waits for its time");
        await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.Empty);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Not.Contain(draft.Id()));
    }

    [Test]
    public async Task A_scheduled_article_becomes_public_everywhere_when_its_time_comes_without_any_other_request()
    {
        var (draft, section, word) = await Given.DraftAsync();
        var at = Clock.GetUtcNow().AddHours(1);
        await (await Admin.PostJsonAsync(ApiRoutes.For(PublishArticleRequest.Route, draft.Id()), new { publishAt = at })).ExpectJsonAsync(HttpStatusCode.OK);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var hiddenBefore = await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word);

        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.That(hiddenBefore, Is.Empty);
        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.EquivalentTo(WorkflowApi.AllPublicViews));
        var page = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(page.Status(), Is.EqualTo("published"));
        var synced = await app.SyncAsync();
        Assert.That(synced.Where(i => i.Id() == draft.Id()).Select(i => (bool)i["deleted"]!), Is.EqualTo(new[] { false }));
        Assert.That(app.Articles.Keys, Does.Contain(draft.Id()));
    }

    [Test]
    public async Task A_scheduled_article_is_still_hidden_a_second_before_its_time()
    {
        var (draft, section, word) = await Given.DraftAsync();
        var at = Clock.GetUtcNow().AddHours(1);
        await (await Admin.PostJsonAsync(ApiRoutes.For(PublishArticleRequest.Route, draft.Id()), new { publishAt = at })).ExpectJsonAsync(HttpStatusCode.OK);

        Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.Empty);
        var withKey = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(withKey.Status(), Is.EqualTo("scheduled"));
    }

    [Test]
    public async Task Unpublishing_takes_a_published_article_back_to_draft_and_off_the_public_side()
    {
        var (article, section, word) = await PublishedAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Contain(article.Id()));

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(UnpublishArticleEndpoint.Route, article.Id()));

        var draft = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(draft.Status(), Is.EqualTo("draft"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.Empty);
        var synced = await app.SyncAsync();
        Assert.That(synced.Where(i => i.Id() == article.Id()).Select(i => (bool)i["deleted"]!), Is.EqualTo(new[] { true }), "a tombstone");
        Assert.That(app.Articles.Keys, Does.Not.Contain(article.Id()));
        var withKey = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(withKey.Status(), Is.EqualTo("draft"));
    }

    [Test]
    public async Task An_unpublished_scheduled_article_does_not_appear_when_its_old_time_comes()
    {
        var (draft, section, word) = await Given.DraftAsync();
        var at = Clock.GetUtcNow().AddHours(1);
        await (await Admin.PostJsonAsync(ApiRoutes.For(PublishArticleRequest.Route, draft.Id()), new { publishAt = at })).ExpectJsonAsync(HttpStatusCode.OK);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(UnpublishArticleEndpoint.Route, draft.Id()));
        Clock.Advance(TimeSpan.FromHours(2));

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("draft"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.Empty);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Not.Contain(draft.Id()));
    }

    [Test]
    public async Task Archiving_takes_an_article_off_the_public_side_and_keeps_it_readable_with_a_key()
    {
        var (article, section, word) = await PublishedAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, article.Id()));

        var archived = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(archived.Status(), Is.EqualTo("archived"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.Empty);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Not.Contain(article.Id()));
        var withKey = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(withKey.Status(), Is.EqualTo("archived"));
        Assert.That((string?)withKey["title"], Is.EqualTo((string?)article["title"]));
        Assert.That((string?)withKey["publishedAt"], Is.EqualTo((string?)article["publishedAt"]), "the publish time is kept for the record");
    }

    [Test]
    public async Task Unpublishing_a_draft_is_a_conflict_and_changes_nothing()
    {
        var (draft, _, _) = await Given.DraftAsync();
        var before = await Admin.ReadAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(UnpublishArticleEndpoint.Route, draft.Id()));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("draft"));
        var after = await Admin.ReadAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));
        Assert.That(after.ETag, Is.EqualTo(before.ETag));
    }

    [Test]
    public async Task Archiving_a_trashed_article_is_a_conflict_that_says_to_restore_it_first()
    {
        var (article, _, _) = await PublishedAsync();
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()))).ExpectNoContentAsync();

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, article.Id()));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("trash").And.Contain("restore"));
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(after.Status(), Is.EqualTo("trashed"));
    }

    [Test]
    public async Task Restoring_an_article_that_is_not_in_the_trash_is_a_conflict()
    {
        var (article, _, _) = await PublishedAsync();

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(RestoreArticleEndpoint.Route, article.Id()));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("published"));
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(after.Status(), Is.EqualTo("published"));
    }

    [Test]
    public async Task Publishing_a_missing_article_is_404()
    {
        var res = await PublishNowAsync(Admin, 987654321);

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Publishing_with_an_If_Match_of_a_version_that_has_changed_is_412_and_publishes_nothing()
    {
        var (draft, section, word) = await Given.DraftAsync();
        var (_, stale) = await Admin.ReadAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));
        await (await Admin.MergePatchAsync(ApiRoutes.For(PatchArticleEndpoint.Route, draft.Id()), new { subtitle = "另一位编辑的修改" })).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await PublishNowAsync(Admin, draft.Id(), stale);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.That((string?)problem["detail"], Does.Contain("If-Match"));
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(after.Status(), Is.EqualTo("draft"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.Empty);
    }

    [Test]
    public async Task Publishing_with_the_current_ETag_succeeds_and_answers_with_the_next_one()
    {
        var (draft, _, _) = await Given.DraftAsync();
        var (_, current) = await Admin.ReadAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));

        var res = await PublishNowAsync(Admin, draft.Id(), current);

        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("published"));
        var next = res.ETag();
        Assert.That(next, Is.Not.EqualTo(current));
        var archive = await Admin.PostEmptyAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, draft.Id()), ifMatch: next);
        Assert.That((await archive.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("archived"));
    }

    [Test]
    public async Task A_contributor_cannot_publish_and_the_article_stays_a_draft()
    {
        var (draft, _, _) = await Given.DraftAsync();
        var (_, secret) = await Admin.KeyAsync("contributor");
        using var contributor = ClientWithKey(secret);

        var res = await PublishNowAsync(contributor, draft.Id());

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var after = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(after.Status(), Is.EqualTo("draft"));
    }

    [Test]
    public async Task Publishing_without_a_body_publishes_now()
    {
        var (draft, section, word) = await Given.DraftAsync();

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(PublishArticleRequest.Route, draft.Id()));

        var published = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(published.Status(), Is.EqualTo("published"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(draft.Id(), section.StationId, word), Is.EquivalentTo(WorkflowApi.AllPublicViews));
    }

    /// <summary>Publishes now, with the body the contract asks for: an object without publishAt.</summary>
    static Task<HttpResponseMessage> PublishNowAsync(HttpClient client, long id, string? ifMatch = null) =>
        client.RequestAsync(HttpMethod.Post, ApiRoutes.For(PublishArticleRequest.Route, id), ifMatch, rawBody: "{}");

    async Task<(JsonNode Article, (long StationId, long ChannelId) Section, string Word)> PublishedAsync()
    {
        var section = await Given.SectionAsync();
        var word = WorkflowApi.UniqueWord();
        var article = await Given.ArticleAsync(title: $"乾安县开展植树活动 {word}", section: section);
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.EquivalentTo(WorkflowApi.AllPublicViews));
        return (article, section, word);
    }
}
