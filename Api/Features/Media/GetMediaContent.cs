using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Features.Media;

public sealed class GetMediaContentRequest
{
    public long Id { get; set; }
}

public sealed class GetMediaContentEndpoint(MediaRepository media, MediaStore store) : Endpoint<GetMediaContentRequest>
{
    public override void Configure()
    {
        Get("/media/{id:long}/content");
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
        HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        await Send.ResultAsync(TypedResults.PhysicalFile(path, row.ContentType,
            lastModified: Timestamps.Parse(row.CreatedAt),
            entityTag: new EntityTagHeaderValue($"\"{row.Sha256}\""),
            enableRangeProcessing: true));
    }
}
