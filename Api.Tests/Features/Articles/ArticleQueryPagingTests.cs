using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleQueryPagingTests : ApiFixture
{
    static readonly DateTimeOffset Jan2 = new(2024, 1, 2, 14, 36, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task Paging_newest_first_while_newer_articles_are_published_repeats_none_and_misses_none()
    {
        var section = await Given.SectionAsync();
        var original = await PublishAsync(section, Enumerable.Range(0, 7).Select(i => Jan2.AddMinutes(i)));
        var query = $"station={section.StationId}&limit=3";
        var (firstPage, cursor) = await PageAsync(query, null);

        await PublishAsync(section, [Jan2.AddDays(1), Jan2.AddDays(2)]);
        var rest = await FollowAsync(query, cursor);

        var seen = firstPage.Concat(rest).ToList();
        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.EqualTo(original.AsEnumerable().Reverse()));
    }

    [Test]
    public async Task Paging_oldest_first_while_newer_articles_are_published_reaches_them_at_the_end()
    {
        var section = await Given.SectionAsync();
        var original = await PublishAsync(section, Enumerable.Range(0, 7).Select(i => Jan2.AddMinutes(i)));
        var query = $"station={section.StationId}&sort=publishedAt&limit=3";
        var (firstPage, cursor) = await PageAsync(query, null);

        var published = await PublishAsync(section, [Jan2.AddDays(1), Jan2.AddDays(2)]);
        var rest = await FollowAsync(query, cursor);

        Assert.That(firstPage.Concat(rest), Is.EqualTo(original.Concat(published)));
    }

    [Test]
    public async Task An_article_published_into_the_part_not_yet_read_appears_once_in_its_place()
    {
        var section = await Given.SectionAsync();
        var original = await PublishAsync(section, Enumerable.Range(0, 7).Select(i => Jan2.AddMinutes(i * 10)));
        var query = $"station={section.StationId}&limit=3";
        var (firstPage, cursor) = await PageAsync(query, null);

        var backdated = (await PublishAsync(section, [Jan2.AddMinutes(15)])).Single();
        var rest = await FollowAsync(query, cursor);

        long[] expected = [original[6], original[5], original[4], original[3], original[2], backdated, original[1], original[0]];
        Assert.That(firstPage.Concat(rest), Is.EqualTo(expected));
    }

    [Test]
    public async Task Paging_goes_on_where_it_stopped_after_the_last_article_of_the_page_is_deleted()
    {
        var section = await Given.SectionAsync();
        var original = await PublishAsync(section, Enumerable.Range(0, 7).Select(i => Jan2.AddMinutes(i)));
        var query = $"station={section.StationId}&limit=3";
        var (firstPage, cursor) = await PageAsync(query, null);

        var delete = await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, firstPage[^1]));
        var rest = await FollowAsync(query, cursor);

        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(firstPage.Concat(rest), Is.EqualTo(original.AsEnumerable().Reverse()));
    }

    [TestCase("-publishedAt", "publishedAt", TestName = "A_cursor_from_newest_first_is_refused_for_oldest_first")]
    [TestCase("publishedAt", "-publishedAt", TestName = "A_cursor_from_oldest_first_is_refused_for_newest_first")]
    [TestCase("-publishedAt", "-updatedAt", TestName = "A_cursor_from_newest_first_is_refused_for_last_change_first")]
    public async Task A_cursor_taken_with_one_sort_is_refused_with_another_naming_cursor(string issuedFor, string usedWith)
    {
        var section = await Given.SectionAsync();
        await PublishAsync(section, Enumerable.Range(0, 3).Select(i => Jan2.AddMinutes(i)));
        var (_, cursor) = await PageAsync($"station={section.StationId}&sort={issuedFor}&limit=1", null);

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&sort={usedWith}&limit=1&cursor={cursor}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_cursor_taken_from_one_search_is_refused_for_another_search_naming_cursor()
    {
        var section = await Given.SectionAsync();
        for (var i = 0; i < 3; i++) { await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i), bodyHtml: SeedArticle.BodyHtml); }
        var (_, cursor) = await PageAsync($"station={section.StationId}&q={Uri.EscapeDataString("长岭")}&limit=1", null);

        var res = await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&q={Uri.EscapeDataString("团委")}&limit=1&cursor={cursor}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty, problem.ToJsonString());
    }

    async Task<List<long>> PublishAsync((long StationId, long ChannelId) section, IEnumerable<DateTimeOffset> times)
    {
        var ids = new List<long>();
        foreach (var time in times) { ids.Add((await Given.ArticleAsync(section: section, publishedAt: time)).Id()); }
        return ids;
    }

    async Task<(List<long> Ids, string? NextCursor)> PageAsync(string query, string? cursor)
    {
        var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?{query}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"))
            .ExpectJsonAsync(HttpStatusCode.OK);
        return (page["items"]!.AsArray().Ids(), (string?)page["nextCursor"]);
    }

    /// <summary>Follows the cursor to the last page and returns the ids of every page after the one it came from.</summary>
    async Task<List<long>> FollowAsync(string query, string? cursor)
    {
        Assert.That(cursor, Is.Not.Null, "the first page promises more");
        var ids = new List<long>();
        for (var pages = 0; cursor is not null; pages++)
        {
            Assert.That(pages, Is.LessThan(20), "paging must end");
            (var pageIds, cursor) = await PageAsync(query, cursor);
            ids.AddRange(pageIds);
        }
        return ids;
    }
}
