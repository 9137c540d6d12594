using FastEndpoints;

namespace Cms.Api.Features.Feeds;

public sealed class PortalJsonFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<EmptyRequest>(writer)
{
    public const string Route = "/feeds/articles.json";

    public override void Configure() => ConfigureJsonFeed(Route, "JSON Feed of the whole portal");

    public override Task HandleAsync(EmptyRequest req, CancellationToken ct) => SendFeedAsync(scopes.Portal(), FeedFormat.Json, ct);
}
