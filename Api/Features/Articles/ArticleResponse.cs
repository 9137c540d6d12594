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

public sealed record BylineResponse(AuthorRef Author, [property: WireValues(typeof(BylineRoles), nameof(BylineRoles.Names))] string Role);

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
    }

    public required long Id { get; init; }
    public required string Title { get; init; }
    public required string? Subtitle { get; init; }
    public required string? Summary { get; init; }

    [Description("draft, scheduled (published for a time still to come), published, archived or trashed.")]
    [WireValues(typeof(ArticleStatusText), nameof(ArticleStatusText.Shown))]
    public required string Status { get; init; }

    public required DateTime? PublishedAt { get; init; }

    [Description("The breadcrumb: 首页 > station > channel.")]
    public required StationRef Station { get; init; }

    public required ChannelRef Channel { get; init; }
    public required string? Source { get; init; }
    public required string? Credit { get; init; }
    public required IReadOnlyList<BylineResponse> Bylines { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required ArticleImageResponse? Cover { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    [Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }
}

public sealed class ArticleResponse : ArticleCardResponse
{
    [SetsRequiredMembers]
    public ArticleResponse(ArticleCardResponse card, string bodyHtml, IReadOnlyList<ArticleImageResponse> media) : base(card)
    {
        BodyHtml = bodyHtml;
        Media = media;
    }

    [Description("Sanitized HTML.")]
    [JsonPropertyOrder(1)]
    public required string BodyHtml { get; init; }

    [Description("The article's images in order, with the caption for this article.")]
    [JsonPropertyOrder(2)]
    public required IReadOnlyList<ArticleImageResponse> Media { get; init; }
}

public static class ArticleMapping
{
    public static ArticleCardResponse ToCard(this ArticleRow row, ArticleParts parts, PublicUrls urls) => new()
    {
        Id = row.Id,
        Title = row.Title,
        Subtitle = row.Subtitle,
        Summary = row.Summary,
        Status = row.Status,
        PublishedAt = Timestamps.ParseNullable(row.PublishedAt),
        Station = new StationRef(row.StationId, row.StationSlug, row.StationName),
        Channel = new ChannelRef(row.ChannelId, row.ChannelSlug, row.ChannelName),
        Source = row.Source,
        Credit = row.Credit,
        Bylines = parts.Bylines[row.Id].Select(b => new BylineResponse(new AuthorRef(b.AuthorId, b.AuthorSlug, b.AuthorName), b.Role)).ToList(),
        Tags = parts.Tags[row.Id].Select(t => t.Tag).ToList(),
        Cover = row.CoverMediaId is { } id && parts.Media.TryGetValue(id, out var m) ? ArticleImageResponse.From(m, null, urls) : null,
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        UpdatedAt = Timestamps.Parse(row.UpdatedAt),
        Version = row.Version,
    };

    /// <summary>When anything the article's detail shows last changed: the article, its station and channel, the authors of
    /// its bylines and its images. (A renamed author changes the detail without changing the article.)</summary>
    public static DateTime LastModified(this ArticleRow row, ArticleParts parts)
    {
        IEnumerable<string?> times =
        [
            row.UpdatedAt, row.StationUpdatedAt, row.ChannelUpdatedAt,
            .. parts.Bylines[row.Id].Select(b => b.AuthorUpdatedAt),
            .. parts.Images[row.Id].Select(i => parts.Media[i.MediaId].UpdatedAt),
            row.CoverMediaId is { } cover && parts.Media.TryGetValue(cover, out var m) ? m.UpdatedAt : null,
        ];
        return Timestamps.Parse(times.OfType<string>().Max(StringComparer.Ordinal)!);
    }

    public static ArticleResponse ToDetail(this ArticleRow row, ArticleParts parts, PublicUrls urls) => new(
        row.ToCard(parts, urls),
        InlineImages.WithSrcset(urls.Absolute(row.BodyHtml), parts.Media, urls),
        parts.Images[row.Id].Select(i => ArticleImageResponse.From(parts.Media[i.MediaId], i.UseCaption, urls)).ToList());
}
