using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class AuthorJsonFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/authors/{author}.json";

    [Description("Author slug or id, e.g. li-xue.")]
    public string Author { get; set; } = "";
}

public sealed class AuthorJsonFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<AuthorJsonFeedRequest>(writer)
{
    public override void Configure() => ConfigureJsonFeed(AuthorJsonFeedRequest.Route, "JSON Feed of an author's articles");

    public override async Task HandleAsync(AuthorJsonFeedRequest req, CancellationToken ct) =>
        await SendFeedAsync(await scopes.AuthorAsync(req.Author, ct), FeedFormat.Json, req, ct);
}
