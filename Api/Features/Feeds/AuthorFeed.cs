using System.ComponentModel;
using Cms.Api.Features.Authors;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Feeds;

public sealed class AuthorFeedRequest
{
    public const string Route = "/feeds/authors/{author}.{format}";

    [Description("Author slug or id, e.g. li-xue.")]
    public string Author { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class AuthorFeedEndpoint(FeedWriter writer, AuthorRepository authors) : FeedEndpoint<AuthorFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(AuthorFeedRequest.Route, "Feed of an author's articles");

    public override async Task HandleAsync(AuthorFeedRequest req, CancellationToken ct)
    {
        var author = await authors.FindByKeyAsync(req.Author, ct);
        if (author is null) { await this.SendProblemAsync(ProblemTypes.NotFound, $"No author has the slug or id '{Problems.Quote(req.Author)}'.", ct); return; }
        await SendFeedAsync(new FeedScope(author.Name, author.Bio ?? author.Name, $"authors/{author.Slug}",
            Articles(authorId: author.Id)), req.Format, ct);
    }
}
