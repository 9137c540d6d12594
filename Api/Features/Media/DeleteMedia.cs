using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class DeleteMediaRequest
{
    public const string Route = GetMediaRequest.Route;

    public long Id { get; set; }
}

public sealed class DeleteMediaEndpoint(MediaRepository media, MediaLibrary library) : Endpoint<DeleteMediaRequest>
{
    public override void Configure()
    {
        Delete(DeleteMediaRequest.Route);
        Summary(s => s.Summary = "Delete a medium that no article or author uses (editors, or the key that uploaded it; If-Match required)");
        Description(b => b.Produces(204).ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(DeleteMediaRequest req, CancellationToken ct)
    {
        if (await this.RequireIfMatchAsync("medium", ct) is not { } ifMatch) { return; }
        if (await this.FindChangeableMediumAsync(media, req.Id, ct) is null) { return; }
        if (!await library.DeleteAsync(req.Id, ifMatch, ct)) { await this.SendNotFoundAsync("medium", req.Id, ct); return; }
        await Send.NoContentAsync(ct);
    }
}
