using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class PatchArticleEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : EndpointWithoutRequest<ArticleResponse>
{
    public const string Route = UpdateArticleRequest.Route;

    public override void Configure()
    {
        Patch(Route);
        Summary(s => s.Summary = "Change some of an article's fields with a JSON Merge Patch (If-Match required)");
        Description(b => b.Accepts<UpdateArticleRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 422, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("article", ct) is not { } ifMatch) { return; }
        var current = await articles.FindRevisionContentAsync(id, ct);
        if (current is null) { await this.SendNotFoundAsync("article", id, ct); return; }
        if (await this.ApplyAsync(UpdateArticleRequest.From(current), new UpdateArticleValidator(), ct) is not { } patched) { return; }
        if (!await this.BodyFitsAsync(patched.BodyHtml, current.BodyHtml, ct)) { return; }
        await this.ReplaceContentAsync(articles, sanitizer, urls, clock, id, patched, ifMatch, "update", ct);
    }
}
