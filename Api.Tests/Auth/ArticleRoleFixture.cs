using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using static Cms.Api.Tests.Auth.ArticleAction;
using static Cms.Api.Tests.Auth.ArticleStart;

namespace Cms.Api.Tests.Auth;

public enum ArticleAction { Replace, Patch, Trash, Publish, Unpublish, Archive, RestoreFromTrash, RestoreRevision, DeletePermanently }

/// <summary>Whose article it is for the key: its author is in the bylines, the key created it, or neither.</summary>
public enum Ownership { Byline, CreatedByKey, Other }

public enum ArticleStart { Draft, Published, TrashedDraft, TrashedPublished }

/// <summary>Every article write, for every role, for the key's own article and another author's, for a draft and a
/// published article: who may do it, and that a refusal changes nothing. What is allowed and what is refused run as two
/// fixtures side by side.</summary>
public abstract class ArticleRoleFixture : ApiFixture
{
    protected const string OriginalTitle = "共青团长岭县委全面发力 多链条打造团干部队伍建设";
    protected const string LaterTitle = "共青团长岭县委:团干部队伍建设(修订)";
    protected const string ChangedTitle = "长岭县团干部队伍建设再出新举措";
    protected const string Body = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>";

    protected static readonly (ArticleAction Action, ArticleStart[] Starts)[] Routes =
    [
        (Replace, [Draft, Published]),
        (Patch, [Draft, Published]),
        (Trash, [Draft, Published]),
        (Publish, [Draft, Published]),
        (Unpublish, [Published]),
        (Archive, [Draft, Published]),
        (RestoreFromTrash, [TrashedDraft, TrashedPublished]),
        (RestoreRevision, [Draft, Published]),
        (DeletePermanently, [Draft, Published]),
    ];

    /// <summary>The rules of issue #4: contributors change and trash their own drafts; authors also edit, publish,
    /// unpublish and archive their own articles; editors handle any article; only admins delete for good.</summary>
    protected static bool May(string role, ArticleAction action, bool own, ArticleStart start) => role switch
    {
        "admin" => true,
        "editor" => action != DeletePermanently,
        "author" => own && (action is Replace or Patch or RestoreRevision or Publish or Unpublish or Archive || (action == Trash && start == Draft)),
        "contributor" => own && start == Draft && action is Replace or Patch or RestoreRevision or Trash,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static IEnumerable<TestCaseData> AllowedEditCases() =>
        Cases(allowed: true).Where(c => c.Arguments[1] is Replace or Patch or RestoreRevision or Publish);

    public static IEnumerable<TestCaseData> AllowedStateCases() =>
        Cases(allowed: true).Where(c => c.Arguments[1] is not (Replace or Patch or RestoreRevision or Publish));

    public static IEnumerable<TestCaseData> RefusedCases() => Cases(allowed: false);

    public static IEnumerable<TestCaseData> AnonymousCases() =>
        Routes.Select(r => new TestCaseData(r.Action, r.Starts[0])
            .SetName(Sentence($"Without a key no one may {Phrase(r.Action, Target(Ownership.Other, r.Starts[0]))}")));

    public static IEnumerable<TestCaseData> AllowedCreateCases() => CreateCases(allowed: true);

    public static IEnumerable<TestCaseData> RefusedCreateCases() => CreateCases(allowed: false);

    protected static IEnumerable<TestCaseData> CreateCases(bool allowed) =>
        from role in AccessApi.Roles
        from status in new[] { "draft", "published" }
        where (status == "draft" || role != "contributor") == allowed
        select new TestCaseData(role, status)
            .SetName(Sentence($"{A(role)} {(allowed ? "may" : "may not")} create {(status == "draft" ? "a draft" : "a published article")}"));

    protected static IEnumerable<TestCaseData> Cases(bool allowed) =>
        from route in Routes
        from start in route.Starts
        from ownership in Enum.GetValues<Ownership>()
        from role in AccessApi.Roles
        where May(role, route.Action, ownership != Ownership.Other, start) == allowed
        select new TestCaseData(role, route.Action, ownership, start)
            .SetName(Sentence($"{A(role)} {(allowed ? "may" : "may not")} {Phrase(route.Action, Target(ownership, start))}"));

    /// <summary>The allowed action answers 200 or 204 and leaves the article in the state and with the title it says.</summary>
    protected async Task ExpectAllowedAsync(string role, ArticleAction action, Ownership ownership, ArticleStart start)
    {
        var scene = await ArrangeAsync(role, ownership, start, withLaterRevision: action == RestoreRevision);

        var res = await ActAsync(scene.Client, action, scene);

        Assert.That(res.StatusCode, Is.EqualTo(action is Trash or DeletePermanently ? HttpStatusCode.NoContent : HttpStatusCode.OK),
            await res.Content.ReadAsStringAsync());
        var after = await Admin.GetAsync(scene.Url);
        if (action == DeletePermanently)
        {
            await after.ExpectProblemAsync(HttpStatusCode.NotFound);
            return;
        }
        var article = await after.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["status"], Is.EqualTo(StatusAfter(action, start)));
        Assert.That((string?)article["title"], Is.EqualTo(TitleAfter(action)));
    }

    protected static object NewArticle((long StationId, long ChannelId) section, string status, long authorId) => new
    {
        title = OriginalTitle, bodyHtml = Body, stationId = section.StationId, channelId = section.ChannelId, status,
        bylines = new[] { new { authorId, role = "correspondent" } },
    };

    protected sealed record Scene(HttpClient Client, string Url, (long StationId, long ChannelId) Section, object[] Bylines);

    /// <summary>What the cases of a fixture share, made once: a section, another author, and per role a key acting as an
    /// author of its own. Each case still gets an article of its own, so no case sees another's change.</summary>
    sealed record Cast((long StationId, long ChannelId) Section, long OtherAuthorId, IReadOnlyDictionary<string, (long OwnAuthorId, HttpClient Client)> Keys);

    Task<Cast>? cast;
    readonly Lock castLock = new();

    Task<Cast> CastAsync()
    {
        lock (castLock) { return cast ??= MakeCastAsync(); }
    }

    async Task<Cast> MakeCastAsync()
    {
        var section = await Given.SectionAsync();
        var other = await Given.AuthorAsync("穆汶姝");
        var keys = new Dictionary<string, (long, HttpClient)>();
        foreach (var role in AccessApi.Roles)
        {
            var own = await Given.AuthorAsync("李雪");
            var key = await Admin.KeyAsync(role, authorId: own.Id());
            keys[role] = (own.Id(), ClientWithKey(key.Secret));
        }
        return new Cast(section, other.Id(), keys);
    }

    [OneTimeTearDown]
    public async Task DisposeCast()
    {
        if (cast is { IsCompletedSuccessfully: true })
        {
            foreach (var (_, client) in (await cast).Keys.Values) { client.Dispose(); }
        }
    }

    /// <summary>A key of this role acting as an author of its own, and a new article in the wanted state that is the
    /// key's own (by byline or because the key created it) or another author's.</summary>
    protected async Task<Scene> ArrangeAsync(string role, Ownership ownership, ArticleStart start, bool withLaterRevision)
    {
        var (section, otherId, keys) = await CastAsync();
        var (ownId, client) = keys[role];
        object[] bylines = ownership switch
        {
            Ownership.Byline => [new { authorId = ownId, role = "correspondent" }],
            Ownership.Other => [new { authorId = otherId, role = "correspondent" }],
            _ => [],
        };
        var creator = ownership == Ownership.CreatedByKey ? client : Admin;
        var created = await (await creator.PostJsonAsync(ArticleApi.Path, new
        {
            title = OriginalTitle, bodyHtml = Body, stationId = section.StationId, channelId = section.ChannelId, status = "draft", bylines,
        })).ExpectJsonAsync(HttpStatusCode.Created);
        var url = ApiRoutes.For(GetArticleRequest.Route, created.Id());
        if (start is Published or TrashedPublished)
        {
            await (await Admin.PostJsonAsync($"{url}/publish", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        }
        if (withLaterRevision)
        {
            await (await Admin.MergePatchAsync(url, new { title = LaterTitle })).ExpectJsonAsync(HttpStatusCode.OK);
        }
        if (start is TrashedDraft or TrashedPublished)
        {
            var trashed = await Admin.DeleteAsync(url);
            Assert.That(trashed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await trashed.Content.ReadAsStringAsync());
        }
        return new Scene(client, url, section, bylines);
    }

    protected static Task<HttpResponseMessage> ActAsync(HttpClient client, ArticleAction action, Scene s) => action switch
    {
        Replace => client.PutJsonAsync(s.Url, new
        {
            title = ChangedTitle, bodyHtml = Body, stationId = s.Section.StationId, channelId = s.Section.ChannelId, bylines = s.Bylines,
        }),
        Patch => client.MergePatchAsync(s.Url, new { title = ChangedTitle }),
        Trash => client.DeleteAsync(s.Url),
        Publish => client.PostJsonAsync($"{s.Url}/publish", new { }),
        Unpublish => client.PostAsync($"{s.Url}/unpublish", null),
        Archive => client.PostAsync($"{s.Url}/archive", null),
        RestoreFromTrash => client.PostAsync($"{s.Url}/restore", null),
        RestoreRevision => client.PostAsync($"{s.Url}/revisions/1/restore", null),
        DeletePermanently => client.DeleteAsync($"{s.Url}?permanent=true"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    protected static string StatusAfter(ArticleAction action, ArticleStart start) => action switch
    {
        Trash => "trashed",
        Publish => "published",
        Unpublish => "draft",
        Archive => "archived",
        _ => start switch { Draft or TrashedDraft => "draft", _ => "published" },
    };

    protected static string TitleAfter(ArticleAction action) => action switch
    {
        Replace or Patch => ChangedTitle,
        _ => OriginalTitle,
    };

    protected static string A(string role) => role is "author" or "editor" or "admin" ? $"An {role}" : $"A {role}";

    protected static string Phrase(ArticleAction action, string target) => action switch
    {
        Replace => $"replace {target}",
        Patch => $"patch {target}",
        Trash => $"move {target} to the trash",
        Publish => $"publish {target}",
        Unpublish => $"unpublish {target}",
        Archive => $"archive {target}",
        RestoreFromTrash => $"bring {target} back from the trash",
        RestoreRevision => $"restore an earlier revision of {target}",
        DeletePermanently => $"delete {target} for good",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    protected static string Target(Ownership ownership, ArticleStart start)
    {
        var what = start switch
        {
            Draft => "draft",
            Published => "published article",
            TrashedDraft => "trashed draft",
            _ => "trashed published article",
        };
        return ownership switch
        {
            Ownership.Byline => $"a {what} with its byline",
            Ownership.CreatedByKey => $"a {what} it created",
            _ => $"a {what} by another author",
        };
    }

    protected static string Sentence(string words) => words.Replace(' ', '_');
}
