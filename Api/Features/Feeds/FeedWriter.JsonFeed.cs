using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cms.Api.Features.Feeds;

/// <summary>JSON Feed 1.1, snake_case, next_url for the older page.</summary>
public sealed partial class FeedWriter
{
    static readonly JsonSerializerOptions JsonFeedOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    byte[] JsonFeed(FeedScope scope, List<Entry> entries, FeedLinks links) => JsonSerializer.SerializeToUtf8Bytes(new JsonFeedDocument
    {
        Title = scope.Title,
        Description = scope.Description,
        HomePageUrl = links.Home,
        FeedUrl = links.Self,
        NextUrl = links.Next,
        Icon = links.Image,
        Language = "zh-CN",
        Authors = [new JsonFeedAuthor { Name = options.Value.SiteName }],
        Items = entries.Select(e => new JsonFeedItem
        {
            Id = e.Id,
            Url = e.Links.Main,
            Title = e.Card.Title,
            ContentHtml = e.BodyHtml,
            Summary = e.Summary,
            Image = e.Cover is { } cover ? CoverUrl(cover) : null,
            DatePublished = Rfc3339(e.Published),
            DateModified = Rfc3339(e.Updated),
            Authors = e.Authors.Select(a => new JsonFeedAuthor { Name = a }).ToList(),
            Tags = e.Categories.ToList(),
        }).ToList(),
    }, JsonFeedOptions);

    static string Rfc3339(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public sealed class JsonFeedDocument
{
    public string Version { get; init; } = "https://jsonfeed.org/version/1.1";
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string HomePageUrl { get; init; }
    public required string FeedUrl { get; init; }

    /// <summary>The next (older) page of the feed; absent on the last page.</summary>
    public string? NextUrl { get; init; }

    public string? Icon { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<JsonFeedAuthor>? Authors { get; init; }
    public required IReadOnlyList<JsonFeedItem> Items { get; init; }
}

public sealed class JsonFeedAuthor
{
    public required string Name { get; init; }
}

public sealed class JsonFeedItem
{
    public required string Id { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? ContentHtml { get; init; }
    public string? Summary { get; init; }
    public string? Image { get; init; }
    public string? DatePublished { get; init; }
    public string? DateModified { get; init; }
    public IReadOnlyList<JsonFeedAuthor>? Authors { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}
