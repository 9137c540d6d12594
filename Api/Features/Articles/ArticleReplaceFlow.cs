using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

/// <summary>The flow of every change of content (PUT, PATCH, restoring a revision).</summary>
static class ArticleReplaceFlow
{
    /// <summary>The access rules of a change of content: whose article, which stations, and whether it publishes. They are
    /// decided inside the write transaction, on the article as it then stands: a publish landing after this request
    /// began is seen (issue #13 row 14).</summary>
    public static async Task ReplaceContentAsync(this IEndpoint ep, ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls,
        TimeProvider clock, long id, ArticleInput req, IfMatch ifMatch, string action, CancellationToken ct)
    {
        var caller = ep.HttpContext.Caller()!;
        var body = sanitizer.Sanitize(urls.Relative(req.BodyHtml));
        var now = clock.GetUtcNow();
        await ep.BeforeWriteAsync(id, ct);
        if (!await articles.UpdateAsync(id, state => req.ToFields(body, now, state), caller.CannotReplace, ifMatch, ep.Actor(), action, ct))
        {
            await ep.SendNotFoundAsync("article", id, ct);
            return;
        }
        await ep.SendArticleAsync(articles, urls, id, ct);
    }
}
