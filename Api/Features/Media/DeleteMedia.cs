using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class DeleteMediaRequest
{
    public long Id { get; set; }
}

public sealed class DeleteMediaEndpoint(MediaRepository media) : Endpoint<DeleteMediaRequest>
{
    public override void Configure()
    {
        Delete("/media/{id:long}");
        Summary(s => s.Summary = "Delete a medium that no article or author uses");
        Description(b => b.Produces(204).ProducesProblems(404, 409));
    }

    public override async Task HandleAsync(DeleteMediaRequest req, CancellationToken ct)
    {
        if (!await media.DeleteAsync(req.Id, ct)) { await this.SendProblemAsync(404, $"No medium has the id {req.Id}.", ct); return; }
        await Send.NoContentAsync(ct);
    }
}
