using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Feeds;

/// <summary>What every feed endpoint shares: the format in the URL, the documented responses, and the sending.</summary>
public abstract class FeedEndpoint<TRequest>(FeedWriter writer) : Endpoint<TRequest> where TRequest : notnull
{
    protected const string Formats = "rss (RSS 2.0), atom (Atom 1.0) or json (JSON Feed 1.1).";

    protected void ConfigureFeed(string route, string summary)
    {
        Get(route);
        AllowAnonymous();
        Tags("Feeds");
        Summary(s =>
        {
            s.Summary = summary;
            s.Description = $"The {FeedWriter.Size} newest published articles, newest first, with absolute links. Format: {Formats}";
        });
        Description(b => b
            .Produces<string>(200, "application/rss+xml", "application/atom+xml", "application/feed+json")
            .Produces(304)
            .ProducesProblems(400, 404));
    }

    protected static ArticleQuery Articles(long? stationId = null, long? channelId = null, long? authorId = null) =>
        new(stationId, channelId, authorId, null, null, null, null, null, ArticleSort.PublishedDesc, IncludeDrafts: false);

    protected async Task SendFeedAsync(FeedScope scope, FeedFormat format, CancellationToken ct) =>
        await Send.ResultAsync(TypedResults.Bytes(await writer.WriteAsync(scope, format, ct), FeedWriter.ContentType(format)));
}
