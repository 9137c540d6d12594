using System.ComponentModel;
using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Features.Media;

public sealed class GetMediaContentRequest
{
    public const string Route = "/media/{id:long}/content";

    public long Id { get; set; }

    [Description("The content version from the medium's url (its hash): such a URL is cached for a year, as its bytes never change (except a cover crop, which follows the focal point).")]
    public string? V { get; set; }

    [Description("Width of a resized variant: 160, 320, 640, 960, 1280 or 1920 (never larger than the image).")]
    public int? W { get; set; }

    [Description("Height of a resized variant: 90, 120, 160, 180, 240, 320, 360, 480, 540, 640, 720, 960 or 1080.")]
    public int? H { get; set; }

    [Description("contain (default: fit inside w×h) or cover (fill w×h, cropping around the focal point; needs w and h).")]
    [WireValues(typeof(GetMediaContentRequest), nameof(Fits))]
    public string? Fit { get; set; }

    public static readonly IReadOnlyList<string> Fits = ["contain", "cover"];

    public static readonly IReadOnlyList<string> Formats = ["auto", .. VariantSpec.Formats.Keys];

    [Description("webp, avif, jpeg, png, or auto (the best the Accept header takes); default: the image's own format.")]
    [WireValues(typeof(GetMediaContentRequest), nameof(Formats))]
    public string? Format { get; set; }

    [Description("Quality of a lossy variant: 50, 60, 70, 80 (default) or 90.")]
    public int? Q { get; set; }

    [Description("true for the upload as received, metadata included (editors or the uploading key; only when uploads are kept).")]
    public bool? Original { get; set; }
}

public sealed class GetMediaContentValidator : Validator<GetMediaContentRequest>
{
    public GetMediaContentValidator()
    {
        RuleFor(x => x.W).OneOf(VariantSpec.Widths).WithMessage($"w must be one of: {string.Join(", ", VariantSpec.Widths)}.");
        RuleFor(x => x.H).OneOf(VariantSpec.Heights).WithMessage($"h must be one of: {string.Join(", ", VariantSpec.Heights)}.");
        RuleFor(x => x.Fit).Must(f => f is null || GetMediaContentRequest.Fits.Contains(f)).WithMessage("fit must be contain or cover.");
        RuleFor(x => x.Fit).Must((r, f) => f != "cover" || (r.W is not null && r.H is not null)).WithMessage("fit=cover needs both w and h.");
        RuleFor(x => x.Format).Must(f => f is null or "auto" || VariantSpec.Formats.ContainsKey(f))
            .WithMessage("format must be one of: webp, avif, jpeg, png, auto.");
        RuleFor(x => x.Q).OneOf(VariantSpec.Qualities).WithMessage($"q must be one of: {string.Join(", ", VariantSpec.Qualities)}.");
        RuleFor(x => x.Original).Must((r, o) => o != true || (r.W, r.H, r.Fit, r.Format, r.Q) == (null, null, null, null, null))
            .WithMessage("original=true cannot be combined with resizing.");
    }
}

public sealed class GetMediaContentEndpoint(MediaRepository media, MediaFileStore files, VariantRenderer variants, TimeProvider clock)
    : Endpoint<GetMediaContentRequest>
{
    /// <summary>For URLs that name the content's hash, set only when those bytes are sent: never on a refusal or an upload
    /// as received.</summary>
    const string Immutable = "public, max-age=31536000, immutable";

    public override void Configure()
    {
        Get(GetMediaContentRequest.Route);
        Options(b => b.WithMetadata(new StreamedResponse()));
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "A medium's bytes, or a resized variant (w, h, fit, format, q), with ETag and Range support";
            s.Description = "Served images are upright and carry no metadata (no GPS). Variants are made once and kept (within " +
                            "Cms:Media:VariantCacheMegabytes, least recently served out); sizes, formats and qualities come from fixed " +
                            "lists, so any other value is 400. URLs that differ only in what changes no pixel (a size at or above the " +
                            "image's own, q for PNG) get the same file and ETag. A new size may wait for a rendering slot, then 503.";
        });
        Description(b => b
            .Produces<Stream>(200, "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif")
            .Produces<Stream>(206, "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif")
            .Produces(304)
            .ProducesProblems(400, 403, 404, 416)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute(typeof(ProblemDocument), 503, Problems.ContentType)
            {
                Description = "A new size was asked for while every rendering slot stayed busy (Cms:Media:MaxConcurrentRenders, " +
                              "Cms:Media:RenderWaitSeconds), or the database was busy. Retry after Retry-After seconds.",
            })
            .WithMetadata(new SendsLastModified(), new ServesByteRanges()));
    }

    public override async Task HandleAsync(GetMediaContentRequest req, CancellationToken ct)
    {
        var row = await media.FindAsync(req.Id, ct);
        if (row is null || !File.Exists(files.PathOf(row.StorageName)))
        {
            await this.SendNotFoundAsync("medium", req.Id, ct);
            return;
        }
        if (req.V is { Length: > 0 } v && v != PublicUrls.ContentVersion(row.Sha256))
        {
            await this.SendProblemAsync(ProblemTypes.NotFound, $"Medium {req.Id} no longer has the content this URL names.", ct);
            return;
        }

        if (req.Original == true) { await SendOriginalAsync(row, ct); return; }

        var headers = HttpContext.Response.Headers;
        var spec = Spec(req, row);
        if (spec is null)
        {
            if (req.V is { Length: > 0 }) { headers.CacheControl = Immutable; }
            await SendFileAsync(PhysicalFile(files.PathOf(row.StorageName), row.ContentType), row.Sha256, row.CreatedAt);
            return;
        }
        if (req.Format == "auto") { headers.Append(HeaderNames.Vary, HeaderNames.Accept); }
        FileStream variant;
        try
        {
            variant = await variants.OpenAsync(row, spec);
        }
        catch (RenderBusyException)
        {
            headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(variants.RequestWait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await this.SendProblemAsync(ProblemTypes.Unavailable,
                "The server is rendering as many new image sizes as it can at once; retry after Retry-After seconds. Sizes already made are served as usual.", ct);
            return;
        }
        // A crop follows the focal point, which can move under the same URL: only other variants depend on the bytes alone.
        var cover = spec.Fit == VariantFit.Cover;
        if (req.V is { Length: > 0 } && !cover) { headers.CacheControl = Immutable; }
        await SendFileAsync((date, tag) => TypedResults.File(variant, spec.Format.ContentType, lastModified: date, entityTag: tag, enableRangeProcessing: true),
            $"{PublicUrls.ContentVersion(row.Sha256)}-{Path.GetFileName(variant.Name)}", cover ? row.UpdatedAt : row.CreatedAt);
    }

    async Task SendOriginalAsync(MediaRow row, CancellationToken ct)
    {
        if (!HttpContext.Caller().MayChange(row))
        {
            await this.SendProblemAsync(ProblemTypes.Forbidden, "The upload as received (with its metadata) is only for editors and the key that uploaded it.", ct);
            return;
        }
        if (row.OriginalStorageName is null || !File.Exists(files.PathOf(row.OriginalStorageName)))
        {
            await this.SendProblemAsync(ProblemTypes.NotFound, $"Medium {row.Id} was stored without its upload (Cms:Media:KeepOriginals is off).", ct);
            return;
        }
        HttpContext.Response.Headers.CacheControl = "private, no-store";
        await SendFileAsync(PhysicalFile(files.PathOf(row.OriginalStorageName), row.ContentType), "original-" + row.OriginalSha256, row.CreatedAt);
    }

    static Func<DateTimeOffset, EntityTagHeaderValue, IResult> PhysicalFile(string path, string contentType) =>
        (date, tag) => TypedResults.PhysicalFile(path, contentType, lastModified: date, entityTag: tag, enableRangeProcessing: true);

    async Task SendFileAsync(Func<DateTimeOffset, EntityTagHeaderValue, IResult> file, string etag, string lastModified)
    {
        HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        var changed = new DateTimeOffset(Timestamps.Parse(lastModified));
        if (!LastModifiedDates.IsSettled(changed, clock.GetUtcNow()))
        {
            // Within the second of the change the date cannot validate: the request's date is ignored and none is sent
            // (PhysicalFile would otherwise fall back to the file's own time).
            HttpContext.Request.Headers.IfModifiedSince = default;
            HttpContext.Response.OnStarting(() =>
            {
                HttpContext.Response.Headers.Remove(HeaderNames.LastModified);
                return Task.CompletedTask;
            });
        }
        await Send.ResultAsync(file(changed, new EntityTagHeaderValue($"\"{etag}\"")));
        await Problems.CompleteBodylessAsync(HttpContext, ProblemTypes.RangeNotSatisfiable,
            "The Range asked for starts beyond the end of the file; its length is in Content-Range (bytes */length).", HttpContext.RequestAborted);
    }

    VariantSpec? Spec(GetMediaContentRequest req, MediaRow row)
    {
        if ((req.W, req.H, req.Fit, req.Format, req.Q) == (null, null, null, null, null)) { return null; }
        var source = ImageInspector.All.First(f => f.ContentType == row.ContentType);
        var format = req.Format switch
        {
            null => source == ImageInspector.Gif ? ImageInspector.Png : source,
            "auto" => Accepts("image/avif") ? ImageInspector.Avif : Accepts("image/webp") ? ImageInspector.WebP
                : source == ImageInspector.Png || source == ImageInspector.Gif ? ImageInspector.Png : ImageInspector.Jpeg,
            var name => VariantSpec.Formats[name],
        };
        return new VariantSpec(req.W, req.H, req.Fit == "cover" ? VariantFit.Cover : VariantFit.Contain, format, req.Q ?? VariantSpec.DefaultQuality)
            .Canonical(row.Width, row.Height);
    }

    bool Accepts(string type) => HttpContext.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase));
}
