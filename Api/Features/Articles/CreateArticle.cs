using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Articles;

public sealed class CreateArticleRequest : ArticleInput
{
    public const string Route = ListArticlesRequest.Route;

    /// <summary>Ids a client may choose stay below 2^52. The database gives each new article an id above every id it has
    /// held (ids are never given twice), so a chosen id moves that counter: the 2^52 ids from 2^52 to 2^53 - 1 are left
    /// to it, and every id given after an import still fits in a JavaScript number.</summary>
    public const long MaxChosenId = (1L << 52) - 1;

    [Description("Optional, for editors and admins: keep an id from the old site when importing (e.g. 3808167), from 1 to " +
                 "4503599627370495 (2^52 - 1); otherwise one is assigned. Assigned ids come after the highest id ever held, " +
                 "so ids up to 2^53 - 1 are left to them: every id stays a safe JavaScript integer.")]
    public long? Id { get; set; }
}

public sealed class CreateArticleValidator : ArticleInputValidator<CreateArticleRequest>
{
    public CreateArticleValidator() => RuleFor(x => x.Id).OptionalId("id")
        .LessThanOrEqualTo(CreateArticleRequest.MaxChosenId).WithMessage($"id must be at most {CreateArticleRequest.MaxChosenId} (2^52 - 1); ids above it are left to the ones the API assigns.");
}

public sealed class CreateArticleEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : Endpoint<CreateArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post(CreateArticleRequest.Route);
        Summary(s =>
        {
            s.Summary = "Create an article (an import may keep its old id)";
            s.Description = "Any role creates drafts in its stations; only editors and admins choose the id (imports); publishing at once (status published or a publishedAt) needs " +
                            "the author role or above. A key that acts as an author puts its own byline among the bylines.";
        });
        Description(b => b.Produces<ArticleResponse>(201).ProducesProblems(403, 409, 422));
    }

    public override async Task HandleAsync(CreateArticleRequest req, CancellationToken ct)
    {
        if (!await this.BodyFitsAsync(req.BodyHtml, null, ct)) { return; }
        var caller = HttpContext.Caller()!;
        var publishing = req.Status == ArticleStatus.Published || req.PublishedAt is not null;
        if (!await this.AllowedAsync(caller.CannotChooseId(req.Id)
                                     ?? caller.CannotWriteIn(req.StationId)
                                     ?? (publishing ? caller.CannotPublish(null) : null)
                                     ?? caller.CannotSign((req.Bylines ?? []).Select(b => b.AuthorId)), ct)) { return; }

        var id = await articles.CreateAsync(req.Id, req.ToFields(sanitizer.Sanitize(urls.Relative(req.BodyHtml)), clock.GetUtcNow()), this.Actor(), ct);
        await this.SendCreatedArticleAsync(articles, urls, id, ct);
    }
}
