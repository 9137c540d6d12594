using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class UpdateAuthorRequest : AuthorInput
{
    public const string Route = GetAuthorRequest.Route;

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
        Put(UpdateAuthorRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s =>
        {
            s.Summary = "Replace an author's fields (admin; If-Match required)";
            s.Description = "An admin limited to some stations changes only authors whose bylines are all in its stations; an author without " +
                            "bylines belongs to no station, so any admin may change it.";
        });
        Description(b => b.ProducesProblems(403, 404, 409, 412, 422, 428));
    }

    public override async Task HandleAsync(UpdateAuthorRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("author", ct) is not { } ifMatch) { return; }
        await this.SendAuthorAsync(urls, id, await authors.UpdateAsync(id, req.ToFields(), ifMatch, HttpContext.Caller()!.Stations, ct), ct);
    }
}
