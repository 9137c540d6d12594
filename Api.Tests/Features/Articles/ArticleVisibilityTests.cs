using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleVisibilityTests : ApiFixture
{
    [Test]
    public async Task A_draft_is_not_found_by_the_public_but_an_editor_with_a_key_sees_it()
    {
        var draft = await Given.ArticleAsync(status: "draft");

        var anonymous = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));
        var withKey = await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft.Id()));

        await anonymous.ExpectProblemAsync(HttpStatusCode.NotFound);
        var seen = await withKey.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)seen["status"], Is.EqualTo("draft"));
        Assert.That((string?)seen["title"], Is.EqualTo((string?)draft["title"]));
    }

    [Test]
    public async Task A_draft_is_left_out_of_public_lists_but_listed_for_a_key()
    {
        var section = await Given.SectionAsync();
        var published = await Given.ArticleAsync(section: section, publishedAt: new DateTimeOffset(2024, 1, 2, 14, 36, 0, TimeSpan.FromHours(8)));
        var draft = await Given.ArticleAsync(section: section, status: "draft");

        var anonymous = await Anonymous.ItemsAsync($"station={section.StationId}");
        var withKey = await Admin.ItemsAsync($"station={section.StationId}");

        Assert.That(anonymous.Ids(), Is.EqualTo(new[] { published.Id() }));
        Assert.That(withKey.Ids(), Is.EquivalentTo(new[] { published.Id(), draft.Id() }));
    }

    [Test]
    public async Task A_draft_saved_without_a_publish_time_has_none()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["status"] = "draft";
        body.Remove("publishedAt");

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var draft = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)draft["status"], Is.EqualTo("draft"));
        Assert.That(draft["publishedAt"], Is.Null);
    }

    [Test]
    public async Task An_article_scheduled_for_the_future_stays_hidden_from_the_public_until_then()
    {
        var section = await Given.SectionAsync();
        var scheduled = await Given.ArticleAsync(section: section, status: "published", publishedAt: DateTimeOffset.UtcNow.AddDays(2));

        var detail = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, scheduled.Id()));
        var list = await Anonymous.ItemsAsync($"station={section.StationId}");

        await detail.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(list, Is.Empty);
    }

    [Test]
    public async Task An_editor_with_a_key_sees_an_article_scheduled_for_the_future()
    {
        var section = await Given.SectionAsync();
        var scheduled = await Given.ArticleAsync(section: section, status: "published", publishedAt: DateTimeOffset.UtcNow.AddDays(2));

        var detail = await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, scheduled.Id()));
        var list = await Admin.ItemsAsync($"station={section.StationId}");

        var article = await detail.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["status"], Is.EqualTo("scheduled"), "published for a time still to come");
        Assert.That((DateTime)article["publishedAt"]!, Is.GreaterThan(DateTime.UtcNow.AddDays(1)));
        Assert.That(list.Ids(), Is.EqualTo(new[] { scheduled.Id() }));
    }

    [Test]
    public async Task Publishing_without_a_publish_time_publishes_it_now()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body.Remove("publishedAt");
        var before = ArticleApi.ToMilliseconds(DateTime.UtcNow);

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var after = DateTime.UtcNow;
        var article = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((DateTime?)article["publishedAt"], Is.InRange(before, after));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Replacing_a_published_article_with_status_draft_takes_it_off_the_site()
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section);
        var body = ArticleApi.Body(section);
        body["status"] = "draft";

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body);

        await res.ExpectJsonAsync(HttpStatusCode.OK);
        await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Anonymous.ItemsAsync($"station={section.StationId}"), Is.Empty);
    }

    [Test]
    public async Task A_wrong_key_on_a_public_read_is_refused_instead_of_answered_as_the_public()
    {
        var article = await Given.ArticleAsync();
        using var wrong = ClientWithKey("wrong");

        var detail = await wrong.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()));
        var list = await wrong.GetAsync(ArticleApi.Path);

        await detail.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await list.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(detail.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
    }

    [Test]
    public async Task A_missing_article_is_a_404_problem()
    {
        var res = await Admin.GetAsync($"{ArticleApi.Path}/987654321");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }
}
