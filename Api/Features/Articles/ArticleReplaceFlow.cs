using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

/// <summary>The flow of every change of content (PUT, PATCH, restoring a revision).</summary>
static class ArticleReplaceFlow
{
    /// <summary>The access rules of a change of content: whose article, which stations, and whether it publishes.</summary>
    public static async Task ReplaceContentAsync(this IEndpoint ep, ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls,
        TimeProvider clock, long id, ArticleInput req, IfMatch ifMatch, string action, CancellationToken ct)
    {
        if (await ep.FindStateOr404Async(articles, id, ct) is not { } state) { return; }
        var caller = ep.HttpContext.Caller()!;
        var fields = req.ToFields(sanitizer.Sanitize(urls.Relative(req.BodyHtml)), clock.GetUtcNow(), state);
        var publishing = fields.Status != state.Status || fields.PublishedAt != state.PublishedAt;
        if (!await ep.AllowedAsync(caller.CannotEdit(state)
                                   ?? caller.CannotWriteIn(fields.StationId)
                                   ?? (publishing ? caller.CannotPublish(state) : null)
                                   ?? caller.CannotSign(fields.Bylines.Select(b => b.AuthorId)), ct)) { return; }

        if (!await articles.UpdateAsync(id, fields, ifMatch, ep.Actor(), action, ct))
        {
            await ep.SendNotFoundAsync("article", id, ct);
            return;
        }
        await ep.SendArticleAsync(articles, urls, id, ct);
    }
}
