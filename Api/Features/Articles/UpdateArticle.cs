using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class UpdateArticleRequest : ArticleInput
{
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
        Put("/articles/{id:long}");
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
        if (await this.RequireIfMatchAsync("article", ct) is not { } ifMatch) { return; }
        await this.ReplaceAsync(articles, sanitizer, urls, clock, id, req, ifMatch, "update", ct);
    }
}

public sealed class PatchArticleEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : EndpointWithoutRequest<ArticleResponse>
{
    public override void Configure()
    {
        Patch("/articles/{id:long}");
        Summary(s => s.Summary = "Change some of an article's fields with a JSON Merge Patch (If-Match required)");
        Description(b => b.Accepts<UpdateArticleRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 422, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("article", ct) is not { } ifMatch) { return; }
        var current = await articles.FindRevisionContentAsync(id, ct);
        if (current is null) { await this.SendProblemAsync(404, $"No article has the id {id}.", ct); return; }
        if (await this.ApplyAsync(UpdateArticleRequest.From(current), new UpdateArticleValidator(), ct) is not { } patched) { return; }
        await this.ReplaceAsync(articles, sanitizer, urls, clock, id, patched, ifMatch, "update", ct);
    }
}

static class ArticleReplace
{
    /// <summary>The access rules of a change of content: whose article, which stations, and whether it publishes.</summary>
    public static async Task ReplaceAsync(this IEndpoint ep, ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls,
        TimeProvider clock, long id, ArticleInput req, IfMatch ifMatch, string action, CancellationToken ct)
    {
        if (await ep.FindStateAsync(articles, id, ct) is not { } state) { return; }
        var caller = ep.HttpContext.Caller()!;
        var fields = req.ToFields(sanitizer.Sanitize(urls.Relative(req.BodyHtml)), clock.GetUtcNow(), state);
        var publishing = fields.Status != state.Status || fields.PublishedAt != state.PublishedAt;
        if (!await ep.AllowedAsync(caller.CannotEdit(state)
                                   ?? caller.CannotWriteIn(fields.StationId)
                                   ?? (publishing ? caller.CannotPublish(state) : null)
                                   ?? caller.CannotSign(fields.Bylines.Select(b => b.AuthorId)), ct)) { return; }

        if (!await articles.UpdateAsync(id, fields, ifMatch, ep.Actor(), action, ct))
        {
            await ep.SendProblemAsync(404, $"No article has the id {id}.", ct);
            return;
        }
        await ep.SendArticleAsync(articles, urls, id, StatusCodes.Status200OK, ct);
    }
}
