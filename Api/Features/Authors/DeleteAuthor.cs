using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class DeleteAuthorRequest
{
    public const string Route = GetAuthorRequest.Route;

    public long Id { get; set; }
}

public sealed class DeleteAuthorEndpoint(AuthorRepository authors) : Endpoint<DeleteAuthorRequest>
{
    public override void Configure()
    {
        Delete(DeleteAuthorRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s =>
        {
            s.Summary = "Delete an author who is in no byline (admin; If-Match required)";
            s.Description = "An admin limited to some stations changes only authors whose bylines are all in its stations; an author without " +
                            "bylines belongs to no station, so any admin may change it.";
        });
        Description(b => b.Produces(204).ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(DeleteAuthorRequest req, CancellationToken ct)
    {
        if (await this.RequireIfMatchAsync("author", ct) is not { } ifMatch) { return; }
        if (!await authors.DeleteAsync(req.Id, ifMatch, HttpContext.Caller()!.Stations, ct)) { await this.SendNotFoundAsync("author", req.Id, ct); return; }
        await Send.NoContentAsync(ct);
    }
}
