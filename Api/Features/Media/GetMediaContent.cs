using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Features.Media;

public sealed class GetMediaContentRequest
{
    public long Id { get; set; }

    [Description("The content version from the medium's url (its hash): such a URL is cached for a year, as its bytes never change.")]
    public string? V { get; set; }
}

public sealed class GetMediaContentEndpoint(MediaRepository media, MediaStore store) : Endpoint<GetMediaContentRequest>
{
    public override void Configure()
    {
        Get("/media/{id:long}/content");
        Options(b => b.WithMetadata(new StreamedResponse()));
        AllowAnonymous();
        Summary(s => s.Summary = "Get a medium's bytes (with ETag and Range support)");
        Description(b => b
            .Produces<Stream>(200, "image/jpeg", "image/png", "image/gif", "image/webp")
            .Produces<Stream>(206, "image/jpeg", "image/png", "image/gif", "image/webp")
            .Produces(304)
            .ProducesProblems(404, 416));
    }

    public override async Task HandleAsync(GetMediaContentRequest req, CancellationToken ct)
    {
        var row = await media.FindAsync(req.Id, ct);
        var path = row is null ? null : store.PathOf(row.StorageName);
        if (row is null || !File.Exists(path))
        {
            await this.SendProblemAsync(404, $"No medium has the id {req.Id}.", ct);
            return;
        }
        var version = HttpContext.Request.Query["v"].ToString();
        if (version.Length > 0 && version != PublicUrls.ContentVersion(row.Sha256))
        {
            await this.SendProblemAsync(404, $"Medium {req.Id} no longer has the content this URL names.", ct);
            return;
        }
        HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        if (version.Length > 0) { HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable"; }
        await Send.ResultAsync(TypedResults.PhysicalFile(path, row.ContentType,
            lastModified: Timestamps.Parse(row.CreatedAt),
            entityTag: new EntityTagHeaderValue($"\"{row.Sha256}\""),
            enableRangeProcessing: true));
    }
}
