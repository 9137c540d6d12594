using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;

namespace Cms.Api.Features.Articles;

public sealed record BylineResponse(
    AuthorRef Author,
    [property: WireValues(typeof(BylineRoles), nameof(BylineRoles.Names))] string Role,
    [property: Description("The portal's label for the role, e.g. 通讯员 or 编辑 (Cms:BylineRoleLabels).")] string RoleLabel);

/// <summary>One step of an article's breadcrumb (首页 > 松原站 > 要闻).</summary>
public sealed record BreadcrumbNode(
    [property: WireValues(typeof(BreadcrumbNode), nameof(BreadcrumbNode.Kinds))] string Kind,
    string Label,
    [property: Description("The station's or channel's id; none for the home page.")] long? Id,
    [property: Description("The station's or channel's slug; none for the home page.")] string? Slug)
{
    public static readonly IReadOnlyList<string> Kinds = ["home", "station", "channel"];
}

/// <summary>How the portal presents what an article's page shows: its time zone, its home page's label and its labels of
/// byline roles (Cms:LocalTimeOffset, Cms:HomeLabel, Cms:BylineRoleLabels).</summary>
public sealed record PortalConventions(TimeSpan LocalOffset, string HomeLabel, IReadOnlyDictionary<string, string> RoleLabels)
{
    public static PortalConventions From(CmsOptions options) =>
        new(options.LocalTimeOffset, options.HomeLabel, new Dictionary<string, string>(options.BylineRoleLabels, StringComparer.OrdinalIgnoreCase));

    public static readonly PortalConventions Default = From(new CmsOptions());

    public DateTimeOffset Local(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(LocalOffset);

    public DateTimeOffset? Local(DateTime? utc) => utc is { } u ? Local(u) : null;

    /// <summary>A role without a configured label shows its code.</summary>
    public string RoleLabel(string role) => RoleLabels.TryGetValue(role, out var label) && !string.IsNullOrWhiteSpace(label) ? label : role;
}

/// <summary>An image as an article shows it: where to load it, its size, and the caption for this use.</summary>
public sealed class ArticleImageResponse
{
    public required long MediaId { get; init; }
    public required string Url { get; init; }

    [Description("Ready-made variant URLs for <img srcset>.")]
    public required string Srcset { get; init; }

    public required string ContentType { get; init; }
    public required long ByteSize { get; init; }
    public required int? Width { get; init; }
    public required int? Height { get; init; }
    public required string? Alt { get; init; }
    public required string? Caption { get; init; }
    public required string? Credit { get; init; }

    public static ArticleImageResponse From(MediaRow m, string? caption, PublicUrls urls) => new()
    {
        MediaId = m.Id,
        Url = urls.MediaContent(m.Id, m.Sha256),
        Srcset = urls.Srcset(m.Id, m.Sha256, m.Width),
        ContentType = m.ContentType,
        ByteSize = m.ByteSize,
        Width = (int?)m.Width,
        Height = (int?)m.Height,
        Alt = m.Alt,
        Caption = caption ?? m.Caption,
        Credit = m.Credit,
    };
}

/// <summary>An article in a list: everything a card or teaser shows, without the body.</summary>
public class ArticleCardResponse
{
    public ArticleCardResponse() { }

    [SetsRequiredMembers]
    protected ArticleCardResponse(ArticleCardResponse card)
    {
        (Id, Title, Subtitle, Summary, Status, PublishedAt) = (card.Id, card.Title, card.Subtitle, card.Summary, card.Status, card.PublishedAt);
        (Station, Channel, Source, Credit) = (card.Station, card.Channel, card.Source, card.Credit);
        (Bylines, Tags, Cover, CreatedAt, UpdatedAt, Version) = (card.Bylines, card.Tags, card.Cover, card.CreatedAt, card.UpdatedAt, card.Version);
        (PublishedAtLocal, CreatedAtLocal, UpdatedAtLocal) = (card.PublishedAtLocal, card.CreatedAtLocal, card.UpdatedAtLocal);
    }

    public required long Id { get; init; }
    public required string Title { get; init; }
    public required string? Subtitle { get; init; }
    public required string? Summary { get; init; }

    [Description("draft, scheduled (published for a time still to come), published, archived or trashed.")]
    [WireValues(typeof(ArticleStatusText), nameof(ArticleStatusText.Shown))]
    public required string Status { get; init; }

    [Description("When the article went or goes public, in UTC.")]
    public required DateTime? PublishedAt { get; init; }

    [Description("publishedAt in the portal's time zone (Cms:LocalTimeOffset), as its pages show it.")]
    public required DateTimeOffset? PublishedAtLocal { get; init; }

    [Description("The station, with what its pages show (the news hotline).")]
    public required StationRef Station { get; init; }

    public required ChannelRef Channel { get; init; }
    public required string? Source { get; init; }
    public required string? Credit { get; init; }
    public required IReadOnlyList<BylineResponse> Bylines { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required ArticleImageResponse? Cover { get; init; }
    public required DateTime CreatedAt { get; init; }

    [Description("createdAt in the portal's time zone (Cms:LocalTimeOffset).")]
    public required DateTimeOffset CreatedAtLocal { get; init; }

    [Description("When the article last changed as its readers see it: its last write, or its publish time when that is " +
                 "later (a scheduled article changes when it goes public; until then, with a key, this is that time to come). " +
                 "updatedSince and sort=-updatedAt use this time.")]
    public required DateTime UpdatedAt { get; init; }

    [Description("updatedAt in the portal's time zone (Cms:LocalTimeOffset).")]
    public required DateTimeOffset UpdatedAtLocal { get; init; }

    [Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }
}

public sealed class ArticleResponse : ArticleCardResponse
{
    [SetsRequiredMembers]
    public ArticleResponse(ArticleCardResponse card, IReadOnlyList<BreadcrumbNode> breadcrumb, string bodyHtml, IReadOnlyList<ArticleImageResponse> media)
        : base(card)
    {
        Breadcrumb = breadcrumb;
        BodyHtml = bodyHtml;
        Media = media;
    }

    [Description("Where the page sits, as its breadcrumb shows it: the home page (Cms:HomeLabel), the station, the channel.")]
    [JsonPropertyOrder(1)]
    public required IReadOnlyList<BreadcrumbNode> Breadcrumb { get; init; }

    [Description("Sanitized HTML.")]
    [JsonPropertyOrder(2)]
    public required string BodyHtml { get; init; }

    [Description("The article's images in order, with the caption for this article.")]
    [JsonPropertyOrder(3)]
    public required IReadOnlyList<ArticleImageResponse> Media { get; init; }
}

public static class ArticleMapping
{
    public static ArticleCardResponse ToCard(this ArticleRow row, ArticleParts parts, PublicUrls urls)
    {
        var portal = parts.Portal;
        var (published, created, updated) = (Timestamps.ParseNullable(row.PublishedAt), Timestamps.Parse(row.CreatedAt), Timestamps.Parse(row.VisibleChangeAt));
        return new()
        {
            Id = row.Id,
            Title = row.Title,
            Subtitle = row.Subtitle,
            Summary = row.Summary,
            Status = row.Status,
            PublishedAt = published,
            PublishedAtLocal = portal.Local(published),
            Station = new StationRef(row.StationId, row.StationSlug, row.StationName, row.StationHotline),
            Channel = new ChannelRef(row.ChannelId, row.ChannelSlug, row.ChannelName),
            Source = row.Source,
            Credit = row.Credit,
            Bylines = parts.Bylines[row.Id]
                .Select(b => new BylineResponse(new AuthorRef(b.AuthorId, b.AuthorSlug, b.AuthorName), b.Role, portal.RoleLabel(b.Role))).ToList(),
            Tags = parts.Tags[row.Id].Select(t => t.Tag).ToList(),
            Cover = row.CoverMediaId is { } id && parts.Media.TryGetValue(id, out var m) ? ArticleImageResponse.From(m, null, urls) : null,
            CreatedAt = created,
            CreatedAtLocal = portal.Local(created),
            UpdatedAt = updated,
            UpdatedAtLocal = portal.Local(updated),
            Version = row.Version,
        };
    }

    public static IReadOnlyList<BreadcrumbNode> Breadcrumb(this ArticleCardResponse card, PortalConventions portal) =>
    [
        new("home", portal.HomeLabel, null, null),
        new("station", card.Station.Name, card.Station.Id, card.Station.Slug),
        new("channel", card.Channel.Name, card.Channel.Id, card.Channel.Slug),
    ];

    /// <summary>When anything the article's detail shows last changed: the article (for the public, when it went public if
    /// that came after its last write), its station and channel, the authors of its bylines and its images. (A renamed
    /// author changes the detail without changing the article.)</summary>
    public static DateTime LastModified(this ArticleRow row, ArticleParts parts)
    {
        IEnumerable<string?> times =
        [
            row.IsPublic ? row.VisibleChangeAt : row.UpdatedAt, row.StationUpdatedAt, row.ChannelUpdatedAt,
            .. parts.Bylines[row.Id].Select(b => b.AuthorUpdatedAt),
            .. parts.Images[row.Id].Select(i => parts.Media[i.MediaId].UpdatedAt),
            row.CoverMediaId is { } cover && parts.Media.TryGetValue(cover, out var m) ? m.UpdatedAt : null,
        ];
        return Timestamps.Parse(times.OfType<string>().Max(StringComparer.Ordinal)!);
    }

    public static ArticleResponse ToDetail(this ArticleRow row, ArticleParts parts, PublicUrls urls)
    {
        var card = row.ToCard(parts, urls);
        return new(
            card,
            card.Breadcrumb(parts.Portal),
            InlineImages.WithSrcset(urls.Absolute(row.BodyHtml), parts.Media, urls),
            parts.Images[row.Id].Select(i => ArticleImageResponse.From(parts.Media[i.MediaId], i.UseCaption, urls)).ToList());
    }
}
