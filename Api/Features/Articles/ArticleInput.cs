using System.ComponentModel;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Articles;

/// <summary>The status a write may ask for; the other moves of <see cref="ArticleLifecycle"/> have endpoints of their own.</summary>
[JsonConverter(typeof(StrictEnumConverter<ArticleStatus>))]
public enum ArticleStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("published")] Published,
}

[JsonConverter(typeof(StrictEnumConverter<BylineRole>))]
public enum BylineRole
{
    [JsonStringEnumMemberName("reporter")] Reporter,
    [JsonStringEnumMemberName("correspondent")] Correspondent,
    [JsonStringEnumMemberName("photographer")] Photographer,
    [JsonStringEnumMemberName("editor")] Editor,
    [JsonStringEnumMemberName("writer")] Writer,
}

public static class BylineRoles
{
    /// <summary>The roles as JSON writes them.</summary>
    public static readonly IReadOnlyList<string> Names =
        Enum.GetValues<BylineRole>().Select(r => System.Text.Json.JsonSerializer.Serialize(r).Trim('"')).ToList();
}

public sealed class BylineInput
{
    public long AuthorId { get; set; }

    [Description("reporter, correspondent (通讯员), photographer, editor (编辑) or writer.")]
    public BylineRole? Role { get; set; }
}

public sealed class ArticleMediaInput
{
    public long MediaId { get; set; }

    [Description("Caption for this use of the image; when absent, the medium's own caption is shown.")]
    public string? Caption { get; set; }
}

/// <summary>The writable fields of an article, shared by create and replace.</summary>
public abstract class ArticleInput
{
    /// <summary>The longest tag, in characters: for articles, tag renames and the tag filter alike.</summary>
    public const int MaxTagLength = 50;

    public string Title { get; set; } = "";
    public string? Subtitle { get; set; }

    [Description("Teaser for cards and feeds.")]
    public string? Summary { get; set; }

    [Description("HTML body; sanitized on write (no scripts, event handlers, styles or javascript: URLs). " +
                 "Images that point at /api/v1/media/{id}/content count as uses of that medium. At most Cms:MaxBodyHtmlBytes " +
                 "of UTF-8 (1 MiB unless configured); longer is 400.")]
    public string? BodyHtml { get; set; }

    public long StationId { get; set; }

    [Description("Must be a channel of the station.")]
    public long ChannelId { get; set; }

    [Description("draft or published (public from publishedAt on: a future time schedules it). Left out: draft for a new " +
                 "article, unchanged for a replace. Contributors cannot publish.")]
    public ArticleStatus? Status { get; set; }

    [Description("RFC 3339 with an offset; now when an article without one is published. Contributors cannot set it.")]
    public DateTimeOffset? PublishedAt { get; set; }

    [Description("The outlet the story comes from (来源), e.g. 中国吉林网.")]
    public string? Source { get; set; }

    [Description("Credit line (图文来源), e.g. 共青团长岭县委.")]
    public string? Credit { get; set; }

    [Description("Ordered bylines.")]
    public List<BylineInput>? Bylines { get; set; }

    public List<string>? Tags { get; set; }

    public long? CoverMediaId { get; set; }

    [Description("Ordered images of the article (gallery or inline order).")]
    public List<ArticleMediaInput>? Media { get; set; }

    /// <summary>The fields to store. Left out of a replace, status stays as it is; a publish time left out is kept, or is
    /// now when an article without one is published.</summary>
    public ArticleFields ToFields(SanitizedBody body, DateTimeOffset now, ArticleState? current = null)
    {
        var status = Status switch
        {
            ArticleStatus.Published => ArticleLifecycleStatus.Published,
            ArticleStatus.Draft => ArticleLifecycleStatus.Draft,
            _ => current?.Status ?? ArticleLifecycleStatus.Draft,
        };
        var publishedAt = PublishedAt is { } p ? Timestamps.Format(p)
            : status == ArticleLifecycleStatus.Published ? current?.PublishedAt ?? Timestamps.Format(now)
            : current?.PublishedAt;
        return new ArticleFields(
            Title.Trim(), Clean(Subtitle), Clean(Summary), body.Html, StationId, ChannelId, status, publishedAt,
            Clean(Source), Clean(Credit),
            (Bylines ?? []).Select(b => new BylineFields(b.AuthorId, RoleName(b.Role!.Value))).ToList(),
            NormalizeTags(Tags),
            CoverMediaId,
            (Media ?? []).Select(m => new ArticleMediaFields(m.MediaId, Clean(m.Caption))).ToList(),
            body.InlineMediaIds);
    }

    protected void CopyFrom(RevisionContent content)
    {
        (Title, Subtitle, Summary, BodyHtml, StationId, ChannelId) =
            (content.Title, content.Subtitle, content.Summary, content.BodyHtml, content.StationId, content.ChannelId);
        Status = ArticleStatusText.Parse(content.Status) switch
        {
            ArticleLifecycleStatus.Published => ArticleStatus.Published,
            ArticleLifecycleStatus.Draft => ArticleStatus.Draft,
            _ => null,
        };
        PublishedAt = content.PublishedAt is { } p ? new DateTimeOffset(Timestamps.Parse(p)) : null;
        (Source, Credit, CoverMediaId) = (content.Source, content.Credit, content.CoverMediaId);
        Bylines = content.Bylines.Select(b => new BylineInput { AuthorId = b.AuthorId, Role = Enum.Parse<BylineRole>(b.Role, ignoreCase: true) }).ToList();
        Tags = [.. content.Tags];
        Media = content.Media.Select(m => new ArticleMediaInput { MediaId = m.MediaId, Caption = m.Caption }).ToList();
    }

    public static string RoleName(BylineRole role) => role.ToString().ToLowerInvariant();

    static List<string> NormalizeTags(List<string>? tags) =>
        (tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    static string? Clean(string? value) => value?.Trim() is { Length: > 0 } v ? v : null;
}

public abstract class ArticleInputValidator<T> : Validator<T> where T : ArticleInput
{

    protected ArticleInputValidator()
    {
        RuleFor(x => x.Title).RequiredText("title", 200);
        RuleFor(x => x.Subtitle).OptionalText("subtitle", 200);
        RuleFor(x => x.Summary).OptionalText("summary", 2000, multiline: true);
        RuleFor(x => x.BodyHtml).NoControlCharacters("bodyHtml", multiline: true); // its length: ArticleBodySize
        RuleFor(x => x.StationId).RequiredId("stationId");
        RuleFor(x => x.ChannelId).RequiredId("channelId");
        RuleFor(x => x.Source).OptionalText("source", 100);
        RuleFor(x => x.Credit).OptionalText("credit", 200);
        RuleFor(x => x.CoverMediaId).OptionalId("coverMediaId");
        RuleFor(x => x.Status).IsInEnum().WithMessage("status must be draft or published.");
        RuleFor(x => x.PublishedAt).PublishTime("publishedAt");

        RuleFor(x => x.Bylines).MaxItems(30, "An article has at most 30 bylines.");
        RuleForEach(x => x.Bylines).NotNull().WithMessage("A byline is an object {authorId, role}, not null.").SetValidator(new BylineInputValidator());
        RuleFor(x => x.Bylines)
            .Must(b => b is null || b.Contains(null!) || b.Select(x => (x.AuthorId, x.Role)).Distinct().Count() == b.Count)
            .WithMessage("The same author appears twice in the same role.");

        RuleFor(x => x.Tags).MaxItems(30, "An article has at most 30 tags.");
        RuleForEach(x => x.Tags)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("A tag cannot be empty.")
            .MaximumLength(ArticleInput.MaxTagLength).WithMessage($"A tag has at most {ArticleInput.MaxTagLength} characters.")
            .NoControlCharacters("A tag", multiline: false).WithMessage("A tag cannot contain control characters.");

        RuleFor(x => x.Media).MaxItems(100, "An article has at most 100 media items.");
        RuleForEach(x => x.Media).NotNull().WithMessage("A media item is an object {mediaId, caption}, not null.").SetValidator(new ArticleMediaInputValidator());
    }
}

public sealed class BylineInputValidator : AbstractValidator<BylineInput>
{
    const string RoleMessage = "role is required: reporter, correspondent, photographer, editor or writer.";

    public BylineInputValidator()
    {
        RuleFor(x => x.AuthorId).RequiredId("authorId");
        RuleFor(x => x.Role).NotNull().WithMessage(RoleMessage).IsInEnum().WithMessage(RoleMessage);
    }
}

public sealed class ArticleMediaInputValidator : AbstractValidator<ArticleMediaInput>
{
    public ArticleMediaInputValidator()
    {
        RuleFor(x => x.MediaId).RequiredId("mediaId");
        RuleFor(x => x.Caption).OptionalText("caption", 2000, multiline: true);
    }
}
