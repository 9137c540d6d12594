using System.ComponentModel;
using System.Globalization;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Articles;

public sealed class ListArticlesRequest : PageQuery
{
    [QueryParam, Description("Station id or slug, e.g. songyuan.")]
    public string? Station { get; set; }

    [QueryParam, Description("Channel id, or channel slug together with station.")]
    public string? Channel { get; set; }

    [QueryParam, Description("Author id or slug: articles with this author in a byline.")]
    public string? Author { get; set; }

    [QueryParam, Description("Articles with this tag (case-insensitive for Latin letters).")]
    public string? Tag { get; set; }
}

public sealed class ListArticlesValidator : Validator<ListArticlesRequest>
{
    public ListArticlesValidator()
    {
        Include(new PageQueryValidator());
        RuleFor(x => x.Station).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Channel).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Author).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Tag).MaximumLength(50);
    }
}

public sealed class ListArticlesEndpoint(
    ArticleRepository articles, StationRepository stations, ChannelRepository channels, AuthorRepository authors,
    CursorCodec cursors, PublicUrls urls)
    : Endpoint<ListArticlesRequest, Page<ArticleCardResponse>>
{
    public override void Configure()
    {
        Get("/articles");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "List articles, newest first, as cards (no body)";
            s.Description = "Public callers see published articles whose publish time has come; callers with a key also see drafts.";
        });
    }

    public override async Task HandleAsync(ListArticlesRequest req, CancellationToken ct)
    {
        var filter = await ResolveFilterAsync(req, ct);
        if (filter is null) { await Send.ErrorsAsync(cancellation: ct); return; }

        var includeDrafts = HttpContext.HasApiKey();
        var scope = $"articles|{includeDrafts}|{filter.StationId}|{filter.ChannelId}|{filter.AuthorId}|{filter.Tag?.ToUpperInvariant()}";
        if (!cursors.TryRead(req.Cursor, scope, 2, out var after)) { await this.SendInvalidCursorAsync(ct); return; }

        var rows = await articles.ListAsync(filter, includeDrafts,
            after is null ? null : (after[0], long.Parse(after[1], CultureInfo.InvariantCulture)), req.PageSize + 1, ct);
        var page = rows.Take(req.PageSize).ToList();
        var parts = await articles.LoadPartsAsync(page.Select(r => r.Id).ToList(), ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, r => r.ToCard(parts, urls),
            r => cursors.Encode(scope, r.SortAt, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }

    /// <summary>Turns ids or slugs into ids; a filter naming something that does not exist is an error, not an empty list.</summary>
    async Task<ArticleListFilter?> ResolveFilterAsync(ListArticlesRequest req, CancellationToken ct)
    {
        long? stationId = null, channelId = null, authorId = null;
        if (req.Station is not null)
        {
            stationId = (await stations.FindByKeyAsync(req.Station, ct))?.Id;
            if (stationId is null) { AddError(r => r.Station, $"No station has the id or slug '{req.Station}'."); }
        }
        if (req.Channel is not null)
        {
            var channel = await channels.FindByKeyAsync(req.Channel, stationId, ct);
            if (channel is null)
            {
                AddError(r => r.Channel, long.TryParse(req.Channel, out _) || stationId is not null
                    ? $"No channel has the id or slug '{req.Channel}'{(stationId is null ? "" : " in this station")}."
                    : "A channel slug is unique only within its station: add the station filter, or use the channel id.");
            }
            channelId = channel?.Id;
        }
        if (req.Author is not null)
        {
            authorId = (await authors.FindByKeyAsync(req.Author, ct))?.Id;
            if (authorId is null) { AddError(r => r.Author, $"No author has the id or slug '{req.Author}'."); }
        }
        return ValidationFailed ? null : new ArticleListFilter(stationId, channelId, authorId, req.Tag?.Trim());
    }
}
