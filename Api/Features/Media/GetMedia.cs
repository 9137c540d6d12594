using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class GetMediaRequest
{
    public const string Route = "/media/{id:long}";

    public long Id { get; set; }
}

public sealed class GetMediaEndpoint(MediaRepository media, PublicUrls urls) : Endpoint<GetMediaRequest, MediaResponse>
{
    public override void Configure()
    {
        Get(GetMediaRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "Get a medium's metadata");
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(GetMediaRequest req, CancellationToken ct)
    {
        var row = await media.FindAsync(req.Id, ct);
        if (row is null) { await this.SendNotFoundAsync("medium", req.Id, ct); return; }
        this.SetVersion(row.Version);
        await Send.OkAsync(MediaResponse.From(row, urls, HttpContext.Caller()), ct);
    }
}
