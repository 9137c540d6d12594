namespace Cms.Api.Features.Feeds;

public sealed class PortalJsonFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/articles.json";
}

public sealed class PortalJsonFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<PortalJsonFeedRequest>(writer)
{
    public override void Configure() => ConfigureJsonFeed(PortalJsonFeedRequest.Route, "JSON Feed of the whole portal");

    public override Task HandleAsync(PortalJsonFeedRequest req, CancellationToken ct) => SendFeedAsync(scopes.Portal(), FeedFormat.Json, req, ct);
}
