using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class CreateAuthorRequest : AuthorInput
{
    public const string Route = ListAuthorsRequest.Route;
}

public sealed class CreateAuthorValidator : AuthorInputValidator<CreateAuthorRequest>;

public sealed class CreateAuthorEndpoint(AuthorRepository authors, PublicUrls urls) : Endpoint<CreateAuthorRequest, AuthorResponse>
{
    public override void Configure()
    {
        Post(CreateAuthorRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Create an author (admin)");
        Description(b => b.Produces<AuthorResponse>(201).ProducesProblems(403, 409, 422));
    }

    public override async Task HandleAsync(CreateAuthorRequest req, CancellationToken ct)
    {
        var author = await authors.CreateAsync(req.ToFields(), ct);
        this.SetVersion(author.Version);
        await Send.CreatedAtAsync<GetAuthorEndpoint>(new { id = author.Id }, AuthorResponse.From(author, urls, true), cancellation: ct);
    }
}
