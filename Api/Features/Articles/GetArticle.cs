using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class GetArticleRequest
{
    public const string Route = "/articles/{id:long}";

    public long Id { get; set; }
}

public sealed class GetArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<GetArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Get(GetArticleRequest.Route);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Get an article with everything its page shows";
            s.Description = "Embeds station and channel (the breadcrumb), bylines with authors, tags, cover and images. " +
                            "Public callers see only published articles whose publish time has come; a trashed article only editors and " +
                            "admins of its station (to other keys it is a 404).";
        });
        Description(b => b.ProducesProblems(403, 404).WithMetadata(new SendsLastModified()));
    }

    public override async Task HandleAsync(GetArticleRequest req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var article = await articles.FindAsync(req.Id, includeAll: caller is not null, ct);
        if (article is null || (article.Status == ArticleStatusText.Of(ArticleLifecycleStatus.Trashed) && !caller!.MaySeeTrash(article.StationId)))
        {
            await this.SendNotFoundAsync("published article", req.Id, ct);
            return;
        }
        if (caller?.CannotRead(article) is { } refusal) { await this.SendProblemAsync(ProblemTypes.Forbidden, refusal, ct); return; }
        this.SetVersion(article.Version);
        var parts = await articles.LoadPartsAsync([article.Id], ct);
        HttpContext.Response.GetTypedHeaders().LastModified = article.LastModified(parts);
        await Send.OkAsync(article.ToDetail(parts, urls), ct);
    }
}
