using System.ComponentModel;
using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Media;

public sealed class ListMediaRequest : PageQuery
{
    public const string Route = "/media";

    public static readonly IReadOnlyList<string> Types = ImageInspector.All.Select(f => f.Name).ToList();

    [QueryParam, Description("jpeg, png, gif, webp or avif.")]
    [WireValues(typeof(ListMediaRequest), nameof(Types))]
    public string? Type { get; set; }

    [QueryParam, Description("Only media uploaded with this API key (its id). Needs a key: without one it is a 400.")]
    public long? Uploader { get; set; }

    [QueryParam, Description("Uploaded at or after this time (RFC 3339).")]
    public DateTimeOffset? UploadedFrom { get; set; }

    [QueryParam, Description("Uploaded at or before this time (RFC 3339).")]
    public DateTimeOffset? UploadedTo { get; set; }

    [QueryParam, Description("Text in the alt text, caption or file name (without a key: alt text and caption only).")]
    public string? Q { get; set; }
}

public sealed class ListMediaValidator : Validator<ListMediaRequest>
{
    public ListMediaValidator()
    {
        Include(new PageQueryValidator());
        RuleFor(x => x.Type).Must(t => t is null || ImageInspector.All.Any(f => f.Name == t))
            .WithMessage("type must be one of: jpeg, png, gif, webp, avif.");
        RuleFor(x => x.Q).MaximumLength(100);
        RuleFor(x => x.Uploader).GreaterThan(0);
    }
}

public sealed class ListMediaEndpoint(MediaRepository media, CursorCodec cursors, PublicUrls urls)
    : Endpoint<ListMediaRequest, Page<MediaResponse>>
{
    public override void Configure()
    {
        Get(ListMediaRequest.Route);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "The media library, newest first, filtered by type, uploader, upload time and text";
            s.Description = "Keys see every medium. Without a key the library holds only media that public content shows " +
                            "(published articles whose time has come, author avatars), and file names and uploaders stay private: " +
                            "q does not look at file names and uploader is refused.";
        });
    }

    public override async Task HandleAsync(ListMediaRequest req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        if (caller is null && req.Uploader is not null)
        {
            await this.SendProblemAsync(ProblemTypes.ValidationFailed, "uploader",
                "uploader filters by the API key that uploaded a medium, which only keys may see; send a key or leave uploader out.", ct);
            return;
        }
        var filter = new MediaFilter(ImageInspector.All.FirstOrDefault(f => f.Name == req.Type)?.ContentType, req.Uploader,
            req.UploadedFrom is { } from ? Timestamps.Format(from) : null, req.UploadedTo is { } to ? Timestamps.Format(to) : null,
            string.IsNullOrWhiteSpace(req.Q) ? null : req.Q, PublicOnly: caller is null);
        var scope = $"media|{filter}";
        if (!cursors.TryRead(req.Cursor, scope, 1, out var before)) { await this.SendInvalidCursorAsync(ct); return; }

        var rows = await media.ListAsync(filter, before is null ? null : long.Parse(before[0], CultureInfo.InvariantCulture), req.PageSize + 1, ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, r => MediaResponse.From(r, urls, caller),
            r => cursors.Encode(scope, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
