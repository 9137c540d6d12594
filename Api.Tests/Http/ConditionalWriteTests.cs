using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>No lost updates: every article, station, channel, author and medium carries its version in a strong ETag,
/// and PUT, PATCH and DELETE must name the version they were made to (RFC 9110 If-Match). Every client here sends exactly
/// the If-Match the test gives it.</summary>
public sealed partial class ConditionalWriteTests : ApiFixture
{
    const string MissingId = "987654321";

    /// <summary>A kind of resource under test: how to make one, which text field a change sets, and what a PUT sends.</summary>
    public sealed record Resource(string Name, string ItemRoute, string Field, bool DeleteTrashes, Func<Given, Task<Made>> MakeAsync)
    {
        public override string ToString() => Name;
    }

    /// <summary>One resource made for a test: where it is, and a full replacement with the field set to a value.</summary>
    public sealed record Made(string Url, Func<string, object> Replacement);

    public static IEnumerable<TestCaseData> Resources() =>
        new Resource[]
        {
            new("article", GetArticleRequest.Route, "title", DeleteTrashes: true, async given =>
            {
                var section = await given.SectionAsync();
                var article = await given.ArticleAsync(title: "原标题", section: section);
                return new Made(article.Url(), value => ArticleApi.Body(section, value));
            }),
            new("station", GetStationRequest.Route, "name", DeleteTrashes: false, async given =>
            {
                var station = await given.StationAsync(name: "松原站");
                return new Made(ApiRoutes.For(GetStationRequest.Route, station.Id()), value => new { slug = (string)station["slug"]!, name = value, sortOrder = 0 });
            }),
            new("channel", GetChannelRequest.Route, "name", DeleteTrashes: false, async given =>
            {
                var station = await given.StationAsync();
                var channel = await given.ChannelAsync(station.Id(), name: "要闻");
                return new Made(ApiRoutes.For(GetChannelRequest.Route, channel.Id()), value => new { slug = (string)channel["slug"]!, name = value, sortOrder = 0 });
            }),
            new("author", GetAuthorRequest.Route, "name", DeleteTrashes: false, async given =>
            {
                var author = await given.AuthorAsync("李雪");
                return new Made(ApiRoutes.For(GetAuthorRequest.Route, author.Id()), value => new { slug = (string)author["slug"]!, name = value });
            }),
            new("medium", GetMediaRequest.Route, "caption", DeleteTrashes: false, async given =>
            {
                var medium = await given.MediaAsync(caption: "团干部");
                return new Made(ApiRoutes.For(GetMediaRequest.Route, medium.Id()), value => new { caption = value });
            }),
        }.Select(r => new TestCaseData(r).SetArgDisplayNames(r.Name));

    [TestCaseSource(nameof(Resources))]
    public async Task Reading_a_resource_gives_a_strong_ETag_that_carries_its_version(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();

        var res = await client.GetAsync(made.Url);

        await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(res.Headers.ETag, Is.Not.Null);
        Assert.That(res.Headers.ETag!.IsWeak, Is.False);
        Assert.That(res.Headers.ETag.Tag, Does.Match(@"^""v\d+-[^""]+""$"), "the version, then a hash of the representation");
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_replace_without_If_Match_is_428_saying_to_send_the_ETag_and_changes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var before = await client.ReadAsync(made.Url);

        var res = await client.RequestAsync(HttpMethod.Put, made.Url, json: made.Replacement("无条件的修改"));

        await ExpectPreconditionRequiredAsync(res, r);
        await AssertUnchangedAsync(client, made.Url, before.ETag);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_merge_patch_without_If_Match_is_428_saying_to_send_the_ETag_and_changes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var before = await client.ReadAsync(made.Url);

        var res = await client.MergePatchAsync(made.Url, Patch(r, "无条件的修改"));

        await ExpectPreconditionRequiredAsync(res, r);
        await AssertUnchangedAsync(client, made.Url, before.ETag);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_delete_without_If_Match_is_428_saying_to_send_the_ETag_and_deletes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var before = await client.ReadAsync(made.Url);

        var res = await client.DeleteAsync(made.Url);

        await ExpectPreconditionRequiredAsync(res, r);
        await AssertUnchangedAsync(client, made.Url, before.ETag);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_replace_with_a_stale_ETag_is_412_and_changes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, stale) = await client.ReadAsync(made.Url);
        await (await client.MergePatchAsync(made.Url, Patch(r, "另一位编辑的修改"), stale)).ExpectJsonAsync(HttpStatusCode.OK);
        var current = await client.ReadAsync(made.Url);

        var res = await client.RequestAsync(HttpMethod.Put, made.Url, stale, json: made.Replacement("会丢失别人修改的替换"));

        await ExpectStaleAsync(res);
        await AssertUnchangedAsync(client, made.Url, current.ETag);
        Assert.That((string?)(await client.ReadAsync(made.Url)).Body[r.Field], Is.EqualTo("另一位编辑的修改"));
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_merge_patch_with_a_stale_ETag_is_412_and_changes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, stale) = await client.ReadAsync(made.Url);
        await (await client.RequestAsync(HttpMethod.Put, made.Url, stale, json: made.Replacement("另一位编辑的修改"))).ExpectJsonAsync(HttpStatusCode.OK);
        var current = await client.ReadAsync(made.Url);

        var res = await client.MergePatchAsync(made.Url, Patch(r, "会丢失别人修改的补丁"), stale);

        await ExpectStaleAsync(res);
        await AssertUnchangedAsync(client, made.Url, current.ETag);
        Assert.That((string?)(await client.ReadAsync(made.Url)).Body[r.Field], Is.EqualTo("另一位编辑的修改"));
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_delete_with_a_stale_ETag_is_412_and_deletes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, stale) = await client.ReadAsync(made.Url);
        await (await client.MergePatchAsync(made.Url, Patch(r, "删除前的修改"), stale)).ExpectJsonAsync(HttpStatusCode.OK);
        var current = await client.ReadAsync(made.Url);

        var res = await client.RequestAsync(HttpMethod.Delete, made.Url, stale);

        await ExpectStaleAsync(res);
        await AssertUnchangedAsync(client, made.Url, current.ETag);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_replace_with_the_current_ETag_succeeds_and_answers_with_the_new_ETag_which_the_next_write_uses(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, read) = await client.ReadAsync(made.Url);

        var res = await client.RequestAsync(HttpMethod.Put, made.Url, read, json: made.Replacement("第一次修改"));

        Assert.That((string?)(await res.ExpectJsonAsync(HttpStatusCode.OK))[r.Field], Is.EqualTo("第一次修改"));
        var written = res.ETag();
        Assert.That(written, Is.Not.EqualTo(read));
        Assert.That(Version(written), Is.EqualTo(Version(read) + 1));
        var (afterPut, reread) = await client.ReadAsync(made.Url);
        Assert.That((string?)afterPut[r.Field], Is.EqualTo("第一次修改"));
        Assert.That(Version(reread), Is.EqualTo(Version(written)), "a GET after the write reports the version the write answered with");
        var next = await client.MergePatchAsync(made.Url, Patch(r, "第二次修改"), written);
        Assert.That((string?)(await next.ExpectJsonAsync(HttpStatusCode.OK))[r.Field], Is.EqualTo("第二次修改"));
        var again = await client.MergePatchAsync(made.Url, Patch(r, "第三次修改"), written);
        await again.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_merge_patch_with_the_current_ETag_succeeds_and_its_ETag_allows_the_delete_that_follows(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, read) = await client.ReadAsync(made.Url);

        var res = await client.MergePatchAsync(made.Url, Patch(r, "补丁修改"), read);

        Assert.That((string?)(await res.ExpectJsonAsync(HttpStatusCode.OK))[r.Field], Is.EqualTo("补丁修改"));
        Assert.That(Version(res.ETag()), Is.EqualTo(Version(read) + 1));
        await (await client.RequestAsync(HttpMethod.Delete, made.Url, res.ETag())).ExpectNoContentAsync();
        await AssertDeletedAsync(r, client, made.Url);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task A_delete_with_the_current_ETag_succeeds(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, read) = await client.ReadAsync(made.Url);

        var res = await client.RequestAsync(HttpMethod.Delete, made.Url, read);

        await res.ExpectNoContentAsync();
        await AssertDeletedAsync(r, client, made.Url);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task If_Match_star_lets_a_write_go_ahead_on_a_resource_that_exists(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();

        var put = await client.RequestAsync(HttpMethod.Put, made.Url, "*", json: made.Replacement("覆盖"));
        var patch = await client.MergePatchAsync(made.Url, Patch(r, "再次覆盖"), "*");
        var delete = await client.RequestAsync(HttpMethod.Delete, made.Url, "*");

        Assert.That((string?)(await put.ExpectJsonAsync(HttpStatusCode.OK))[r.Field], Is.EqualTo("覆盖"));
        Assert.That((string?)(await patch.ExpectJsonAsync(HttpStatusCode.OK))[r.Field], Is.EqualTo("再次覆盖"));
        await delete.ExpectNoContentAsync();
        await AssertDeletedAsync(r, client, made.Url);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task Writing_to_a_missing_resource_is_404_even_with_If_Match(Resource r)
    {
        var made = await r.MakeAsync(Given);
        var missing = ApiRoutes.For(r.ItemRoute, MissingId);
        using var client = Strict();

        var put = await client.RequestAsync(HttpMethod.Put, missing, "*", json: made.Replacement("不存在"));
        var patch = await client.MergePatchAsync(missing, Patch(r, "不存在"), "\"v1\"");
        var delete = await client.RequestAsync(HttpMethod.Delete, missing, "*");

        foreach (var res in new[] { put, patch, delete })
        {
            var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
            Assert.That((string?)problem["detail"], Does.Contain(MissingId));
        }
    }

    [TestCaseSource(nameof(Resources))]
    public async Task Of_two_clients_that_read_the_same_version_and_both_write_exactly_one_succeeds_and_the_other_gets_412(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var first = Strict();
        using var second = Strict();
        var (_, firstRead) = await first.ReadAsync(made.Url);
        var (_, secondRead) = await second.ReadAsync(made.Url);

        var answers = await Task.WhenAll(
            first.MergePatchAsync(made.Url, Patch(r, "甲编辑的修改"), firstRead),
            second.MergePatchAsync(made.Url, Patch(r, "乙编辑的修改"), secondRead));

        Assert.That(firstRead, Is.EqualTo(secondRead));
        Assert.That(answers.Select(a => a.StatusCode), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }),
            string.Join(" | ", await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()))));
        var winner = answers[0].StatusCode == HttpStatusCode.OK ? "甲编辑的修改" : "乙编辑的修改";
        await answers.Single(a => a.StatusCode == HttpStatusCode.PreconditionFailed).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var (now, etag) = await first.ReadAsync(made.Url);
        Assert.That((string?)now[r.Field], Is.EqualTo(winner));
        Assert.That(Version(etag), Is.EqualTo(Version(firstRead) + 1), "exactly one write happened");
    }

    [Test]
    public async Task Eight_clients_that_read_modify_and_write_with_retry_on_412_lose_no_increment()
    {
        var station = await Given.StationAsync(sortOrder: 0);
        var url = ApiRoutes.For(GetStationRequest.Route, station.Id());
        var clients = Enumerable.Range(0, 8).Select(_ => Strict()).ToList();
        var (_, start) = await clients[0].ReadAsync(url);

        var conflicts = await Task.WhenAll(clients.Select(c => IncrementAsync(c, url, times: 5)));

        var (final, etag) = await clients[0].ReadAsync(url);
        clients.ForEach(c => c.Dispose());
        Assert.That((int)final["sortOrder"]!, Is.EqualTo(40));
        Assert.That(Version(etag), Is.EqualTo(Version(start) + 40), "forty writes, each on the version before it");
        TestContext.Out.WriteLine($"412 answers on the way: {conflicts.Sum()}");
    }

    [Test]
    public async Task A_weak_ETag_never_satisfies_If_Match_since_If_Match_compares_strongly()
    {
        var article = await Given.ArticleAsync(title: "原标题");
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        using var client = Strict();
        var (_, current) = await client.ReadAsync(url);

        var res = await client.MergePatchAsync(url, new { title = "弱校验的修改" }, "W/" + current);

        await res.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await AssertUnchangedAsync(client, url, current);
    }

    [Test]
    public async Task An_ETag_the_API_never_issued_fails_the_precondition_with_412()
    {
        var station = await Given.StationAsync(name: "松原站");
        var url = ApiRoutes.For(GetStationRequest.Route, station.Id());
        using var client = Strict();
        var (_, current) = await client.ReadAsync(url);

        var res = await client.MergePatchAsync(url, new { name = "白城站" }, "\"not-one-of-ours\"");

        await ExpectStaleAsync(res);
        await AssertUnchangedAsync(client, url, current);
    }

    [TestCaseSource(nameof(Resources))]
    public async Task An_unquoted_ETag_in_If_Match_is_a_400_saying_to_send_it_quoted_and_changes_nothing(Resource r)
    {
        var made = await r.MakeAsync(Given);
        using var client = Strict();
        var (_, current) = await client.ReadAsync(made.Url);

        var res = await client.MergePatchAsync(made.Url, Patch(r, "不带引号的修改"), current.Trim('"'));

        var problem = await res.ExpectProblemAsync(ProblemTypes.MalformedRequest);
        Assert.That((string?)problem["detail"], Does.Contain("double quotes").And.Contain(current.Trim('"')));
        await AssertUnchangedAsync(client, made.Url, current);
    }

    [Test]
    public async Task An_unquoted_ETag_on_a_state_change_is_a_400_and_the_article_stays_as_it_was()
    {
        var article = await Given.ArticleAsync(title: "原标题");
        using var client = Strict();
        var (_, current) = await client.ReadAsync(article.Url());

        var res = await client.PostEmptyAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, article.Id()), current.Trim('"'));

        await res.ExpectProblemAsync(ProblemTypes.MalformedRequest);
        await AssertUnchangedAsync(client, article.Url(), current);
    }

    [Test]
    public async Task If_Match_with_several_ETags_lets_the_write_go_ahead_when_one_of_them_is_current()
    {
        var station = await Given.StationAsync(name: "松原站");
        var url = ApiRoutes.For(GetStationRequest.Route, station.Id());
        using var client = Strict();
        var (_, old) = await client.ReadAsync(url);
        var changed = await client.MergePatchAsync(url, new { name = "白城站" }, old);
        var current = changed.ETag();

        var res = await client.MergePatchAsync(url, new { name = "四平站" }, $"{old}, {current}");

        Assert.That((string?)(await res.ExpectJsonAsync(HttpStatusCode.OK))["name"], Is.EqualTo("四平站"));
    }

    static async Task<int> IncrementAsync(HttpClient client, string url, int times)
    {
        var conflicts = 0;
        for (var done = 0; done < times;)
        {
            var (station, etag) = await client.ReadAsync(url);
            var res = await client.MergePatchAsync(url, new { sortOrder = (int)station["sortOrder"]! + 1 }, etag);
            if (res.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                conflicts++;
                Assert.That(conflicts, Is.LessThan(1000), "a client never got a write through");
                continue;
            }
            await res.ExpectJsonAsync(HttpStatusCode.OK);
            done++;
        }
        return conflicts;
    }

    HttpClient Strict() => StrictClientWithKey(CmsFactory.AdminKey);

    static Dictionary<string, object> Patch(Resource r, string value) => new() { [r.Field] = value };

    static async Task ExpectPreconditionRequiredAsync(HttpResponseMessage res, Resource r)
    {
        var problem = await res.ExpectProblemAsync(ProblemTypes.PreconditionRequired);
        Assert.That((string?)problem["detail"], Does.Contain("If-Match").And.Contain("ETag"), "the problem says what to send");
        var article = "aeiou".Contains(r.Name[0], StringComparison.Ordinal) ? "an" : "a";
        Assert.That((string?)problem["detail"], Does.StartWith($"Changing {article} {r.Name} needs If-Match"), "in English");
    }

    static async Task ExpectStaleAsync(HttpResponseMessage res)
    {
        var problem = await res.ExpectProblemAsync(ProblemTypes.VersionMismatch);
        Assert.That((string?)problem["detail"], Does.Contain("GET").And.Contain("If-Match"), "the problem says what to do");
    }

    static async Task AssertUnchangedAsync(HttpClient client, string url, string etagBefore)
    {
        var (_, etag) = await client.ReadAsync(url);
        Assert.That(etag, Is.EqualTo(etagBefore), "the resource is exactly as it was");
    }

    static async Task AssertDeletedAsync(Resource r, HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        if (r.DeleteTrashes)
        {
            Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("trashed"));
        }
        else
        {
            await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        }
    }

    static long Version(string etag)
    {
        var match = VersionedTag().Match(etag);
        Assert.That(match.Success, Is.True, $"{etag} does not carry a version");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^""v(\d+)(?:-[^""]+)?""$")]
    private static partial Regex VersionedTag();
}
