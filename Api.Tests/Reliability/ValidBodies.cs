using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Features.Tags;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>Where one write operation is sent, and a fresh valid body for each attempt (new slugs, so a mutation that
/// is still valid is accepted instead of colliding).</summary>
public sealed record WriteTarget(string Url, Func<JsonObject> Body);

/// <summary>One valid body per JSON write operation of the contract, each with a resource of its own to change, so that
/// hostile input starts from a request the API accepts. An operation missing here fails its test: a new endpoint is
/// never skipped in silence.</summary>
public sealed class ValidBodies(Given given)
{
    const string Title = "共青团长岭县委全面发力 多链条打造团干部队伍建设";
    const string PublishedAt = "2024-01-02T14:36:00+08:00";

    static readonly Dictionary<string, Func<ValidBodies, Task<WriteTarget>>> Targets = new()
    {
        ["POST /api/v1/articles"] = async v => new(ApiRoutes.For(CreateArticleRequest.Route), await v.ArticleBodyAsync()),
        ["PUT /api/v1/articles/{id}"] = async v => new(ApiRoutes.For(UpdateArticleRequest.Route, await v.ArticleAsync()), await v.ArticleBodyAsync()),
        ["PATCH /api/v1/articles/{id}"] = async v => new(ApiRoutes.For(PatchArticleEndpoint.Route, await v.ArticleAsync()), await v.ArticlePatchAsync()),
        ["POST /api/v1/articles/{id}/publish"] = async v => new(ApiRoutes.For(PublishArticleRequest.Route, await v.ArticleAsync()),
            () => new JsonObject { ["publishAt"] = PublishedAt }),
        ["POST /api/v1/authors"] = async v => new(ApiRoutes.For(CreateAuthorRequest.Route), await v.AuthorBodyAsync()),
        ["PUT /api/v1/authors/{id}"] = async v => new(ApiRoutes.For(UpdateAuthorRequest.Route, (await v.given.AuthorAsync()).Id()), await v.AuthorBodyAsync()),
        ["PATCH /api/v1/authors/{id}"] = async v => new(ApiRoutes.For(PatchAuthorEndpoint.Route, (await v.given.AuthorAsync()).Id()),
            () => new JsonObject { ["name"] = "李雪", ["bio"] = "长岭县通讯员", ["email"] = "li.xue@example.com" }),
        ["PUT /api/v1/channels/{id}"] = async v => new(ApiRoutes.For(UpdateChannelRequest.Route, await v.ChannelAsync()), v.ChannelBody),
        ["PATCH /api/v1/channels/{id}"] = async v => new(ApiRoutes.For(PatchChannelEndpoint.Route, await v.ChannelAsync()),
            () => new JsonObject { ["name"] = "要闻", ["sortOrder"] = 2 }),
        ["POST /api/v1/keys"] = async v => new(ApiRoutes.For(CreateKeyRequest.Route), await v.KeyBodyAsync()),
        ["PUT /api/v1/media/{id}"] = async v => new(ApiRoutes.For(UpdateMediaRequest.Route, (await v.given.MediaAsync()).Id()),
            () => new JsonObject { ["alt"] = "团干部队伍建设工作会议现场", ["caption"] = "会议现场", ["credit"] = "共青团长岭县委" }),
        ["PATCH /api/v1/media/{id}"] = async v => new(ApiRoutes.For(PatchMediaEndpoint.Route, (await v.given.MediaAsync()).Id()),
            () => new JsonObject { ["caption"] = "会议现场", ["credit"] = "共青团长岭县委" }),
        ["POST /api/v1/stations"] = v => Task.FromResult(new WriteTarget(ApiRoutes.For(CreateStationRequest.Route), v.StationBody)),
        ["PUT /api/v1/stations/{id}"] = async v => new(ApiRoutes.For(UpdateStationRequest.Route, (await v.given.StationAsync()).Id()), v.StationBody),
        ["PATCH /api/v1/stations/{id}"] = async v => new(ApiRoutes.For(PatchStationEndpoint.Route, (await v.given.StationAsync()).Id()),
            () => new JsonObject { ["name"] = "松原站", ["hotline"] = "0438-1234567", ["description"] = null }),
        ["POST /api/v1/tags/rename"] = async v => new(ApiRoutes.For(RenameTagRequest.Route), await v.RenameTagBodyAsync()),
        ["POST /api/v1/stations/{stationId}/channels"] = async v => new(ApiRoutes.For(CreateChannelRequest.Route, (await v.SharedAsync()).StationId), v.ChannelBody),
    };

    public static IReadOnlyCollection<string> Operations => Targets.Keys;

    readonly Given given = given;
    int serial;

    (long StationId, long ChannelId, long AuthorId, long EditorId, long MediaId)? shared;

    public Task<WriteTarget> ForAsync(ContractOperation operation) =>
        Targets.TryGetValue(operation.Key, out var make)
            ? make(this)
            : throw new AssertionException($"No valid body is registered for {operation.Key}: add one to {nameof(ValidBodies)} so hostile input reaches it.");

    string Slug(string prefix) => $"{prefix}-{++serial}";

    JsonObject StationBody() => new()
    {
        ["slug"] = Slug("station"), ["name"] = "松原站", ["description"] = "吉林省松原市", ["hotline"] = "0431-82902222", ["sortOrder"] = 1,
    };

    JsonObject ChannelBody() => new() { ["slug"] = Slug("channel"), ["name"] = "要闻", ["sortOrder"] = 1 };

    async Task<(long StationId, long ChannelId, long AuthorId, long EditorId, long MediaId)> SharedAsync()
    {
        if (shared is { } known) { return known; }
        var (stationId, channelId) = await given.SectionAsync();
        var author = await given.AuthorAsync("李雪");
        var editor = await given.AuthorAsync("王编辑");
        var medium = await given.MediaAsync();
        shared = (stationId, channelId, author.Id(), editor.Id(), medium.Id());
        return shared.Value;
    }

    /// <summary>A tag of its own on one article: the first rename is accepted, later ones find nothing (404).</summary>
    async Task<Func<JsonObject>> RenameTagBodyAsync()
    {
        var tag = Slug("冬捕");
        var (stationId, channelId, _, _, _) = await SharedAsync();
        await given.ArticleAsync(section: (stationId, channelId), tags: [tag]);
        return () => new JsonObject { ["from"] = tag, ["to"] = tag + "-查干湖" };
    }

    async Task<long> ChannelAsync() => (await given.ChannelAsync((await SharedAsync()).StationId)).Id();

    async Task<long> ArticleAsync()
    {
        var s = await SharedAsync();
        return (await given.ArticleAsync(section: (s.StationId, s.ChannelId), status: "draft")).Id();
    }

    async Task<Func<JsonObject>> ArticleBodyAsync()
    {
        var s = await SharedAsync();
        return () => new JsonObject
        {
            ["title"] = Title,
            ["subtitle"] = "长岭县推进县域共青团基层组织改革",
            ["summary"] = "长岭县推进县域共青团基层组织改革。",
            ["bodyHtml"] = $"<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p><figure><img src=\"/api/v1/media/{s.MediaId}/content\"></figure>",
            ["stationId"] = s.StationId,
            ["channelId"] = s.ChannelId,
            ["status"] = "published",
            ["publishedAt"] = PublishedAt,
            ["source"] = "中国吉林网",
            ["credit"] = "共青团长岭县委",
            ["bylines"] = new JsonArray(
                new JsonObject { ["authorId"] = s.AuthorId, ["role"] = "correspondent" },
                new JsonObject { ["authorId"] = s.EditorId, ["role"] = "editor" }),
            ["tags"] = new JsonArray("共青团", "长岭县"),
            ["coverMediaId"] = s.MediaId,
            ["media"] = new JsonArray(new JsonObject { ["mediaId"] = s.MediaId, ["caption"] = "会议现场" }),
        };
    }

    async Task<Func<JsonObject>> ArticlePatchAsync()
    {
        var s = await SharedAsync();
        return () => new JsonObject
        {
            ["summary"] = "团委组织青年志愿者走进社区。",
            ["tags"] = new JsonArray("志愿服务"),
            ["bylines"] = new JsonArray(new JsonObject { ["authorId"] = s.AuthorId, ["role"] = "reporter" }),
            ["source"] = null,
        };
    }

    async Task<Func<JsonObject>> AuthorBodyAsync()
    {
        var s = await SharedAsync();
        return () => new JsonObject
        {
            ["slug"] = Slug("author"), ["name"] = "李雪", ["bio"] = "长岭县通讯员", ["avatarMediaId"] = s.MediaId, ["email"] = "li.xue@example.com",
        };
    }

    async Task<Func<JsonObject>> KeyBodyAsync()
    {
        var s = await SharedAsync();
        return () => new JsonObject
        {
            ["name"] = "长岭县通讯员 李雪", ["role"] = "contributor", ["authorId"] = s.AuthorId, ["stationIds"] = new JsonArray(s.StationId),
            ["expiresAt"] = "2027-12-31T23:59:59+08:00", ["readOnly"] = false,
        };
    }

    /// <summary>Asserts the answer to a valid body: every mutation starts from a request the API accepts.</summary>
    public static async Task ExpectAcceptedAsync(HttpResponseMessage res, string operation)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent),
            $"the valid body registered for {operation} is refused: {text}");
    }
}
