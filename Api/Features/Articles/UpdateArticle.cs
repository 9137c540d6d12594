using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class UpdateArticleRequest : ArticleInput;

public sealed class UpdateArticleValidator : ArticleInputValidator<UpdateArticleRequest>;

public sealed class UpdateArticleEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : Endpoint<UpdateArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Put("/articles/{id:long}");
        Summary(s =>
        {
            s.Summary = "Replace an article";
            s.Description = "Every field is replaced: fields left out become empty (bylines, tags and media included).";
        });
        Description(b => b.ProducesProblems(404, 422));
    }

    public override async Task HandleAsync(UpdateArticleRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (!await articles.UpdateAsync(id, req.ToFields(sanitizer.Sanitize(urls.Relative(req.BodyHtml)), clock.GetUtcNow()), ct))
        {
            await this.SendProblemAsync(404, $"No article has the id {id}.", ct);
            return;
        }
        var article = (await articles.FindAsync(id, includeDrafts: true, ct))!;
        var parts = await articles.LoadPartsAsync([id], ct);
        await Send.OkAsync(article.ToDetail(parts, urls), ct);
    }
}
