using System.ComponentModel;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Authors;

/// <summary>The part of an author that other resources embed (an article's byline).</summary>
public sealed record AuthorRef(long Id, string Slug, string Name);

public sealed class AuthorResponse
{
    public required long Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string? Bio { get; init; }
    public required long? AvatarMediaId { get; init; }

    [Description("Absolute URL of the avatar image, or null.")]
    public required string? AvatarUrl { get; init; }

    [Description("Shown only to editors and admins; never in public responses.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    [Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }

    public static AuthorResponse From(AuthorRow row, PublicUrls urls, bool withPrivateFields) => new()
    {
        Id = row.Id,
        Slug = row.Slug,
        Name = row.Name,
        Bio = row.Bio,
        AvatarMediaId = row.AvatarMediaId,
        AvatarUrl = row.AvatarMediaId is { } media && row.AvatarSha256 is { } sha ? urls.MediaContent(media, sha) : null,
        Email = withPrivateFields ? row.Email : null,
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        UpdatedAt = Timestamps.Parse(row.UpdatedAt),
        Version = row.Version,
    };
}
