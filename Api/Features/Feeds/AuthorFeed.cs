using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class AuthorFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/authors/{author}.{format}";

    [Description("Author slug or id, e.g. li-xue.")]
    public string Author { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class AuthorFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<AuthorFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(AuthorFeedRequest.Route, "Feed of an author's articles");

    public override async Task HandleAsync(AuthorFeedRequest req, CancellationToken ct) =>
        await SendFeedAsync(await scopes.AuthorAsync(req.Author, ct), req.Format, req, ct);
}
