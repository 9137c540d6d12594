using System.Net;
using Cms.Api.Features.Authors;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Authors;

public sealed class AuthorsTests : ApiFixture
{
    [Test]
    public async Task An_author_keeps_a_Chinese_name_and_bio_exactly()
    {
        var slug = Given.UniqueSlug("li-xue");

        var created = await (await Admin.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug, name = "李雪", bio = "长岭县通讯员 📷" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        var author = await (await Anonymous.GetAsync(ApiRoutes.For(GetAuthorRequest.Route, created["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)author["name"], Is.EqualTo("李雪"));
        Assert.That((string?)author["bio"], Is.EqualTo("长岭县通讯员 📷"));
        Assert.That((string?)author["slug"], Is.EqualTo(slug));
    }

    [Test]
    public async Task The_email_is_stored_but_never_shown_to_the_public()
    {
        var author = await Given.AuthorAsync(name: "金作超", email: "jin@example.com");

        var publicView = await (await Anonymous.GetAsync(ApiRoutes.For(GetAuthorRequest.Route, author["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        var publicList = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListAuthorsRequest.Route)}?limit=100")).ExpectJsonAsync(HttpStatusCode.OK);
        var editorView = await (await Admin.GetAsync(ApiRoutes.For(GetAuthorRequest.Route, author["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(publicView.AsObject().ContainsKey("email"), Is.False);
        Assert.That(publicList.ToJsonString(), Does.Not.Contain("jin@example.com"));
        Assert.That((string?)editorView["email"], Is.EqualTo("jin@example.com"));
    }

    [Test]
    public async Task An_invalid_email_is_refused_naming_the_field()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug = Given.UniqueSlug("a"), name = "李雪", email = "not-an-address" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("email"), Is.Not.Empty);
    }

    [Test]
    public async Task An_avatar_must_be_an_uploaded_medium()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug = Given.UniqueSlug("a"), name = "穆汶姝", avatarMediaId = 987654321 });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("avatarMediaId"), Is.Not.Empty);
    }

    [Test]
    public async Task An_author_with_an_avatar_links_to_its_image()
    {
        var avatar = await Given.MediaAsync();

        var author = await Given.AuthorAsync(avatarMediaId: (long)avatar["id"]!);

        Assert.That((long?)author["avatarMediaId"], Is.EqualTo((long?)avatar["id"]));
        Assert.That((string?)author["avatarUrl"], Is.EqualTo((string?)avatar["url"]));
        Assert.That((string?)author["avatarUrl"], Does.Contain($"/api/v1/media/{avatar["id"]}/content?v="));
        var image = await Anonymous.GetAsync((string)author["avatarUrl"]!);
        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Author_slugs_are_unique()
    {
        var slug = Given.UniqueSlug("dup");
        await Given.AuthorAsync(slug: slug);

        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug, name = "另一位" });

        await res.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Replacing_an_author_changes_every_field()
    {
        var author = await Given.AuthorAsync(name: "王芳", email: "wang@example.com");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateAuthorRequest.Route, author["id"]!), new { slug = (string?)author["slug"], name = "王芳芳" });

        var updated = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)updated["name"], Is.EqualTo("王芳芳"));
        Assert.That(updated["email"], Is.Null, "a replace without email clears it");
    }

    [Test]
    public async Task An_author_named_in_a_byline_cannot_be_deleted()
    {
        var author = await Given.AuthorAsync();
        var article = await Given.ArticleAsync(bylines: [new { authorId = (long)author["id"]!, role = "correspondent" }]);

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteAuthorRequest.Route, author["id"]!));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain(((long)article["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetAuthorRequest.Route, author["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task An_author_in_no_byline_can_be_deleted()
    {
        var author = await Given.AuthorAsync();

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteAuthorRequest.Route, author["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Anonymous.GetAsync(ApiRoutes.For(GetAuthorRequest.Route, author["id"]!))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Authors_are_listed_oldest_first_across_pages_without_repeats()
    {
        var mine = new List<long>();
        for (var i = 0; i < 4; i++) { mine.Add((long)(await Given.AuthorAsync())["id"]!); }

        var seen = (await Anonymous.AllPagesAsync(ApiRoutes.For(ListAuthorsRequest.Route), limit: 3)).Select(a => (long)a["id"]!).ToList();

        Assert.That(seen, Is.Unique.And.Ordered);
        Assert.That(seen, Is.SupersetOf(mine));
    }
}
