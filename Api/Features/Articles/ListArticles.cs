using System.ComponentModel;
using System.Globalization;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Search;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Articles;

public sealed class ListArticlesRequest : PageQuery
{
    public const string Route = "/articles";

    /// <summary>The most different words a search may have: every word of a search is looked for in the text of every
    /// hit to build its snippet, and 16 is more than a search box receives but for a pasted paragraph.</summary>
    public const int MaxSearchWords = 16;

    public static readonly IReadOnlyDictionary<string, ArticleSort> Sorts = new Dictionary<string, ArticleSort>
    {
        ["-publishedAt"] = ArticleSort.PublishedDesc,
        ["publishedAt"] = ArticleSort.PublishedAsc,
        ["-updatedAt"] = ArticleSort.UpdatedDesc,
        ["relevance"] = ArticleSort.Relevance,
    };

    [QueryParam, Description("Station id or slug, e.g. songyuan.")]
    public string? Station { get; set; }

    [QueryParam, Description("Channel id, or channel slug together with station.")]
    public string? Channel { get; set; }

    [QueryParam, Description("Author id or slug: articles with this author in a byline.")]
    public string? Author { get; set; }

    [QueryParam, Description("Articles with this tag (case-insensitive for Latin letters).")]
    public string? Tag { get; set; }

    [QueryParam, Description("Published at or after this time (RFC 3339).")]
    public DateTimeOffset? PublishedFrom { get; set; }

    [QueryParam, Description("Published at or before this time (RFC 3339).")]
    public DateTimeOffset? PublishedTo { get; set; }

    [QueryParam, Description("Changed at or after this time (RFC 3339), as updatedAt shows it: an article scheduled for later " +
                             "counts as changed when it goes public.")]
    public DateTimeOffset? UpdatedSince { get; set; }

    [QueryParam, Description("Full-text search in title, summary, body, byline names and tags; Chinese words of any length, " +
                             "Latin words in any case. Each hit gets a highlighted snippet. At most 200 characters and 16 " +
                             "different words (a word is a run of letters or digits between spaces or punctuation, so a Chinese " +
                             "phrase written without spaces is one word); more is refused, not cut short.")]
    public string? Q { get; set; }

    [QueryParam, Description("-publishedAt (default), publishedAt, -updatedAt (last change first, as updatedAt shows it), or " +
                             "relevance (with q; the default then).")]
    [WireValues(typeof(ListArticlesRequest), nameof(Sorts))]
    public string? Sort { get; set; }

    [QueryParam, Description("true to include the total number of matching articles (costs a count).")]
    public bool? Count { get; set; }
}

public sealed class ListArticlesValidator : Validator<ListArticlesRequest>
{
    public ListArticlesValidator()
    {
        Include(new PageQueryValidator());
        RuleFor(x => x.Station).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Channel).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Author).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Tag).MaximumLength(ArticleInput.MaxTagLength);
        RuleFor(x => x.Q).Cascade(CascadeMode.Stop).MaximumLength(200).WithMessage("q must be at most 200 characters.")
            .Must(q => ChineseTokenizer.Terms(q).Count <= ListArticlesRequest.MaxSearchWords)
            .WithMessage(x => $"q may have at most {ListArticlesRequest.MaxSearchWords} different words; it has {ChineseTokenizer.Terms(x.Q).Count}.");
        RuleFor(x => x.Sort)
            .Must(s => s is null || ListArticlesRequest.Sorts.ContainsKey(s))
            .WithMessage($"sort must be one of: {string.Join(", ", ListArticlesRequest.Sorts.Keys)}.");
        RuleFor(x => x.Sort).Must(s => s != "relevance").When(x => string.IsNullOrWhiteSpace(x.Q))
            .WithMessage("sort=relevance needs a search: add q.");
        RuleFor(x => x.PublishedTo).GreaterThanOrEqualTo(x => x.PublishedFrom).When(x => x.PublishedFrom is not null && x.PublishedTo is not null)
            .WithMessage("publishedTo must not be before publishedFrom.");
    }
}

/// <summary>A card in a list; in search results with the passage that matched.</summary>
public sealed class ArticleListItem : ArticleCardResponse
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public ArticleListItem(ArticleCardResponse card, string? snippet) : base(card) => Snippet = snippet;

    [Description("Search results only: the matching passage, HTML-escaped, matches wrapped in <mark>.")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Snippet { get; init; }
}

public sealed class ListArticlesEndpoint(
    ArticleRepository articles, StationRepository stations, ChannelRepository channels, AuthorRepository authors,
    CursorCodec cursors, PublicUrls urls)
    : Endpoint<ListArticlesRequest, Page<ArticleListItem>>
{
    public override void Configure()
    {
        Get(ListArticlesRequest.Route);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "List or search articles as cards (no body), filtered, sorted and paged by cursor";
            s.Description = "Public callers see published articles whose publish time has come; callers with a key also see drafts. " +
                            "Filters combine. Paging never repeats an article. By publish time it misses none that stays " +
                            "published; by -updatedAt an article edited while you page moves to the front and is left to the " +
                            "next pass (updatedSince), or use /sync to hold a complete copy.";
        });
    }

    public override async Task HandleAsync(ListArticlesRequest req, CancellationToken ct)
    {
        var query = await ResolveAsync(req, ct);
        if (query is null) { await Send.ErrorsAsync(cancellation: ct); return; }

        var scope = string.Join('|', "articles", query with { Match = null }, req.Q?.Trim());
        if (!cursors.TryRead(req.Cursor, scope, 2, out var after)) { await this.SendInvalidCursorAsync(ct); return; }
        var position = after is null ? null : new ArticlePosition(after[0], long.Parse(after[1], CultureInfo.InvariantCulture));

        var rows = await articles.ListAsync(query, position, req.PageSize + 1, ct);
        var page = rows.Take(req.PageSize).ToList();
        var parts = await articles.LoadPartsAsync(page.Select(r => r.Id).ToList(), ct);
        var total = req.Count == true ? await articles.CountAsync(query, ct) : (long?)null;
        var terms = req.Q is null ? null : ChineseTokenizer.Terms(req.Q);
        await Send.OkAsync(Page.Of(rows, req.PageSize,
            r => new ArticleListItem(r.ToCard(parts, urls),
                terms is null ? null : Snippets.Build(terms, r.Title, r.Summary, HtmlText.ToPlainText(r.BodyHtml))),
            r => cursors.Encode(scope, r.SortKeyText, r.Id.ToString(CultureInfo.InvariantCulture)),
            total), ct);
    }

    /// <summary>Turns ids or slugs into ids; a filter naming something that does not exist is an error, not an empty list.</summary>
    async Task<ArticleQuery?> ResolveAsync(ListArticlesRequest req, CancellationToken ct)
    {
        var filter = await StationChannelFilter.ResolveAsync(stations, channels, req.Station, req.Channel, ct);
        if (filter.StationError is { } stationError) { AddError(r => r.Station, stationError); }
        if (filter.ChannelError is { } channelError) { AddError(r => r.Channel, channelError); }
        var (stationId, channelId) = (filter.StationId, filter.ChannelId);
        long? authorId = null;
        if (req.Author is not null)
        {
            authorId = (await authors.FindByKeyAsync(req.Author, ct))?.Id;
            if (authorId is null) { AddError(r => r.Author, $"No author has the id or slug '{Problems.Quote(req.Author)}'."); }
        }
        var match = ChineseTokenizer.ToMatchExpression(req.Q);
        if (req.Q is not null && match is null) { AddError(r => r.Q, "q has no letters or digits to search for."); }
        if (ValidationFailed) { return null; }

        var sort = req.Sort is { } s ? ListArticlesRequest.Sorts[s] : match is null ? ArticleSort.PublishedDesc : ArticleSort.Relevance;
        var caller = HttpContext.Caller();
        return new ArticleQuery(stationId, channelId, authorId, string.IsNullOrWhiteSpace(req.Tag) ? null : req.Tag.Trim(),
            Time(req.PublishedFrom), Time(req.PublishedTo), Time(req.UpdatedSince), match, sort, IncludeDrafts: caller is not null)
        {
            DraftStations = caller?.Stations,
        };
    }

    static string? Time(DateTimeOffset? value) => value is { } v ? Timestamps.Format(v) : null;
}
