using System.ComponentModel;
using Cms.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Feeds;

public sealed class PortalFeedRequest
{
    public const string Route = "/feeds/articles.{format}";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class PortalFeedEndpoint(FeedWriter writer, IOptions<CmsOptions> options)
    : FeedEndpoint<PortalFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(PortalFeedRequest.Route, "Feed of the whole portal");

    public override Task HandleAsync(PortalFeedRequest req, CancellationToken ct) =>
        SendFeedAsync(new FeedScope(options.Value.SiteName, "所有站点的最新新闻", "articles", Articles()), req.Format, ct);
}
