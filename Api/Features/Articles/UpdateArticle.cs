using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class UpdateArticleRequest : ArticleInput
{
    public const string Route = GetArticleRequest.Route;

    public static UpdateArticleRequest From(RevisionContent content)
    {
        var request = new UpdateArticleRequest();
        request.CopyFrom(content);
        return request;
    }
}

public sealed class UpdateArticleValidator : ArticleInputValidator<UpdateArticleRequest>;

public sealed class UpdateArticleEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : Endpoint<UpdateArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Put(UpdateArticleRequest.Route);
        Summary(s =>
        {
            s.Summary = "Replace an article (If-Match required)";
            s.Description = "Every content field is replaced: fields left out become empty (bylines, tags and media included); " +
                            "status and publishedAt left out stay as they are. Contributors change their own drafts, authors their " +
                            "own articles, editors any article.";
        });
        Description(b => b.ProducesProblems(403, 404, 409, 412, 422, 428));
    }

    public override async Task HandleAsync(UpdateArticleRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (!await this.BodyFitsAsync(req.BodyHtml, null, ct)) { return; }
        if (await this.RequireIfMatchAsync("article", ct) is not { } ifMatch) { return; }
        await this.ReplaceContentAsync(articles, sanitizer, urls, clock, id, req, ifMatch, "update", ct);
    }
}
