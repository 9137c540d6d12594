using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Feeds;

/// <summary>Every feed is paged back in time (RFC 5005): a page links to the next, older one with a cursor.</summary>
public abstract class FeedPageRequest
{
    [QueryParam, Description("The cursor from the previous page's next link (Atom and RSS link rel=\"next\", JSON Feed next_url); omit for the newest articles.")]
    public string? Cursor { get; set; }
}

/// <summary>What every feed endpoint shares: the documented responses and the sending. Each feed has two operations:
/// one whose URL names the format (rss, atom or json), and one at its .json URL that a generated client can type as a
/// JSON Feed (a URL that names its format literally is matched before the template).</summary>
public abstract class FeedEndpoint<TRequest>(FeedWriter writer) : Endpoint<TRequest> where TRequest : FeedPageRequest
{
    protected const string Formats = "rss (RSS 2.0), atom (Atom 1.0) or json (JSON Feed 1.1).";

    protected void ConfigureFeed(string route, string summary)
    {
        Configure(route, summary, $"Format: {Formats} The .json URL of the same feed is also its own operation, typed as a JSON Feed.");
        Description(b => b
            .Produces<string>(200, "application/rss+xml", "application/atom+xml", JsonFeedSchemas.MediaType)
            .Produces(304)
            .ProducesProblems(400, 404)
            .WithMetadata(new SendsLastModified()));
    }

    protected void ConfigureJsonFeed(string route, string summary)
    {
        Configure(route, summary, "As a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/).");
        // Before the {format} template, which matches the same URL.
        Options(b => b.WithOrder(-1));
        Description(b => b
            // The schema is the JSON Feed's own (snake_case), which JsonFeedSchemas gives every feed+json answer.
            .Produces<string>(200, JsonFeedSchemas.MediaType)
            .Produces(304)
            .ProducesProblems(400, 404)
            .WithMetadata(new SendsLastModified()));
    }

    void Configure(string route, string summary, string format)
    {
        Get(route);
        AllowAnonymous();
        Tags("Feeds");
        Summary(s =>
        {
            s.Summary = summary;
            s.Description = $"The {FeedWriter.Size} newest published articles, newest first, with absolute links; older ones page by page " +
                            "through the next link (RFC 5005; JSON Feed next_url). An item's id is urn:cms:article:{id}, the same " +
                            $"for the life of the article in every format and through every host. {format}";
        });
    }

    protected async Task SendFeedAsync((FeedScope? Scope, string NotFound) found, FeedFormat format, TRequest req, CancellationToken ct)
    {
        if (found.Scope is null) { await this.SendProblemAsync(ProblemTypes.NotFound, found.NotFound, ct); return; }
        await SendFeedAsync(found.Scope, format, req, ct);
    }

    protected async Task SendFeedAsync(FeedScope scope, FeedFormat format, TRequest req, CancellationToken ct)
    {
        var feed = await writer.WriteAsync(scope, format, req.Cursor, ct);
        if (feed is null) { await this.SendInvalidCursorAsync(ct); return; }
        HttpContext.Response.GetTypedHeaders().LastModified = feed.LastModified;
        await Send.ResultAsync(TypedResults.Bytes(feed.Body, FeedWriter.ContentType(format)));
    }
}
