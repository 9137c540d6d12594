using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Issue #13 row 11: the library the public sees holds only what public content shows, and its filters do not
/// reach what is private to keys (file names, uploading keys).</summary>
public sealed class PublicMediaLibraryTests : ApiFixture
{
    [Test]
    public async Task The_public_library_lists_media_of_published_articles_and_avatars_but_not_media_used_only_by_drafts_or_unused()
    {
        var section = await Given.SectionAsync();
        var published = await CoverOfAsync(section, "published");
        var draftOnly = await CoverOfAsync(section, "draft");
        var unused = (await Given.MediaAsync()).Id();
        var avatar = (await Given.MediaAsync()).Id();
        await Given.AuthorAsync(avatarMediaId: avatar);

        var publicIds = await LibraryIdsAsync(Anonymous, "");
        var adminIds = await LibraryIdsAsync(Admin, "");

        Assert.That(publicIds, Does.Contain(published).And.Contain(avatar));
        Assert.That(publicIds, Does.Not.Contain(draftOnly).And.Not.Contain(unused));
        Assert.That(adminIds, Is.SupersetOf(new[] { published, avatar, draftOnly, unused }));
    }

    [Test]
    public async Task Text_from_the_public_does_not_match_file_names()
    {
        var word = Guid.NewGuid().ToString("N");
        var medium = (await Given.MediaAsync(fileName: $"embargo-{word}.jpg")).Id();
        await CoverOfAsync(await Given.SectionAsync(), "published", medium);

        Assert.That(await LibraryIdsAsync(Anonymous, $"q={word}"), Does.Not.Contain(medium));
        Assert.That(await LibraryIdsAsync(Admin, $"q={word}"), Is.EqualTo(new[] { medium }));
    }

    [Test]
    public async Task Filtering_by_uploader_without_a_key_is_a_400_naming_uploader()
    {
        var (_, uploader) = await NewKeyClientAsync("contributor");

        var problem = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?uploader={uploader.Id}"))
            .ExpectProblemAsync(ProblemTypes.ValidationFailed);

        Assert.That(problem.ErrorsFor("uploader"), Is.Not.Empty, problem.ToJsonString());
    }

    async Task<long> CoverOfAsync((long StationId, long ChannelId) section, string status, long? mediumId = null)
    {
        var medium = mediumId ?? (await Given.MediaAsync()).Id();
        var body = ArticleApi.Body(section);
        body["coverMediaId"] = medium;
        body["status"] = status;
        if (status == "draft") { body.Remove("publishedAt"); }
        await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
        return medium;
    }

    static async Task<List<long>> LibraryIdsAsync(HttpClient client, string query) =>
        (await client.AllPagesAsync(ApiRoutes.For(ListMediaRequest.Route) + (query.Length == 0 ? "" : "?" + query), limit: 100)).Select(m => m.Id()).ToList();
}
