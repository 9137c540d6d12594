using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class UpdateAuthorRequest : AuthorInput
{
    public static UpdateAuthorRequest From(AuthorRow row)
    {
        var request = new UpdateAuthorRequest();
        request.CopyFrom(row);
        return request;
    }
}

public sealed class UpdateAuthorValidator : AuthorInputValidator<UpdateAuthorRequest>;

public sealed class UpdateAuthorEndpoint(AuthorRepository authors, PublicUrls urls) : Endpoint<UpdateAuthorRequest, AuthorResponse>
{
    public override void Configure()
    {
        Put("/authors/{id:long}");
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Replace an author's fields (admin; If-Match required)");
        Description(b => b.ProducesProblems(403, 404, 409, 412, 422, 428));
    }

    public override async Task HandleAsync(UpdateAuthorRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("author", ct) is not { } ifMatch) { return; }
        await this.SendAuthorAsync(urls, id, await authors.UpdateAsync(id, req.ToFields(), ifMatch, ct), ct);
    }
}

public sealed class PatchAuthorEndpoint(AuthorRepository authors, PublicUrls urls) : EndpointWithoutRequest<AuthorResponse>
{
    public override void Configure()
    {
        Patch("/authors/{id:long}");
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Change some of an author's fields with a JSON Merge Patch (admin; If-Match required)");
        Description(b => b.Accepts<UpdateAuthorRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 422, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("author", ct) is not { } ifMatch) { return; }
        var current = await authors.FindAsync(id, ct);
        if (current is null) { await this.SendProblemAsync(404, $"No author has the id {id}.", ct); return; }
        if (await this.ApplyAsync(UpdateAuthorRequest.From(current), new UpdateAuthorValidator(), ct) is not { } patched) { return; }
        await this.SendAuthorAsync(urls, id, await authors.UpdateAsync(id, patched.ToFields(), ifMatch, ct), ct);
    }
}

static class AuthorWrites
{
    public static async Task SendAuthorAsync(this IEndpoint ep, PublicUrls urls, long id, AuthorRow? author, CancellationToken ct)
    {
        if (author is null) { await ep.SendProblemAsync(404, $"No author has the id {id}.", ct); return; }
        ep.SetVersion(author.Version);
        await ep.HttpContext.Response.SendAsync(AuthorResponse.From(author, urls, withPrivateFields: true), cancellation: ct);
    }
}
