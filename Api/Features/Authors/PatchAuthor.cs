using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class PatchAuthorEndpoint(AuthorRepository authors, PublicUrls urls) : EndpointWithoutRequest<AuthorResponse>
{
    public const string Route = UpdateAuthorRequest.Route;

    public override void Configure()
    {
        Patch(Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s =>
        {
            s.Summary = "Change some of an author's fields with a JSON Merge Patch (admin; If-Match required)";
            s.Description = "An admin limited to some stations changes only authors whose bylines are all in its stations; an author without " +
                            "bylines belongs to no station, so any admin may change it.";
        });
        Description(b => b.Accepts<UpdateAuthorRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 422, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("author", ct) is not { } ifMatch) { return; }
        var current = await authors.FindAsync(id, ct);
        if (current is null) { await this.SendNotFoundAsync("author", id, ct); return; }
        if (await this.ApplyAsync(UpdateAuthorRequest.From(current), new UpdateAuthorValidator(), ct) is not { } patched) { return; }
        await this.SendAuthorAsync(urls, id, await authors.UpdateAsync(id, patched.ToFields(), ifMatch, HttpContext.Caller()!.Stations, ct), ct);
    }
}
