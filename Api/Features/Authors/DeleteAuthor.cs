using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class DeleteAuthorRequest
{
    public long Id { get; set; }
}

public sealed class DeleteAuthorEndpoint(AuthorRepository authors) : Endpoint<DeleteAuthorRequest>
{
    public override void Configure()
    {
        Delete("/authors/{id:long}");
        Summary(s => s.Summary = "Delete an author who is in no byline");
        Description(b => b.Produces(204).ProducesProblems(404, 409));
    }

    public override async Task HandleAsync(DeleteAuthorRequest req, CancellationToken ct)
    {
        if (!await authors.DeleteAsync(req.Id, ct)) { await this.SendProblemAsync(404, $"No author has the id {req.Id}.", ct); return; }
        await Send.NoContentAsync(ct);
    }
}
