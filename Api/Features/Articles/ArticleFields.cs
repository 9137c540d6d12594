namespace Cms.Api.Features.Articles;

public sealed record BylineFields(long AuthorId, string Role);

public sealed record ArticleMediaFields(long MediaId, string? Caption);

/// <summary>An article as a write stores it: trimmed, sanitized, with its status decided.</summary>
public sealed record ArticleFields(
    string Title, string? Subtitle, string? Summary, string BodyHtml, long StationId, long ChannelId, ArticleLifecycleStatus Status,
    string? PublishedAt, string? Source, string? Credit, IReadOnlyList<BylineFields> Bylines, IReadOnlyList<string> Tags,
    long? CoverMediaId, IReadOnlyList<ArticleMediaFields> Media, IReadOnlyList<long> InlineMediaIds);
