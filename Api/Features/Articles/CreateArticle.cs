using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Articles;

public sealed class CreateArticleRequest : ArticleInput
{
    [Description("Optional: keep an id from the old site when importing (e.g. 3808167); otherwise one is assigned.")]
    public long? Id { get; set; }
}

public sealed class CreateArticleValidator : ArticleInputValidator<CreateArticleRequest>
{
    public CreateArticleValidator() => RuleFor(x => x.Id).OptionalId("id");
}

public sealed class CreateArticleEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : Endpoint<CreateArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles");
        Summary(s => s.Summary = "Create an article (an import may keep its old id)");
        Description(b => b.Produces<ArticleResponse>(201).ProducesProblems(409, 422));
    }

    public override async Task HandleAsync(CreateArticleRequest req, CancellationToken ct)
    {
        var id = await articles.CreateAsync(req.Id, req.ToFields(sanitizer.Sanitize(urls.Relative(req.BodyHtml)), clock.GetUtcNow()), ct);
        var article = (await articles.FindAsync(id, includeDrafts: true, ct))!;
        var parts = await articles.LoadPartsAsync([id], ct);
        await Send.CreatedAtAsync<GetArticleEndpoint>(new { id }, article.ToDetail(parts, urls), cancellation: ct);
    }
}
