using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class PortalFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/articles.{format}";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class PortalFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<PortalFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(PortalFeedRequest.Route, "Feed of the whole portal");

    public override Task HandleAsync(PortalFeedRequest req, CancellationToken ct) => SendFeedAsync(scopes.Portal(), req.Format, req, ct);
}
