using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class UpdateAuthorRequest : AuthorInput;

public sealed class UpdateAuthorValidator : AuthorInputValidator<UpdateAuthorRequest>;

public sealed class UpdateAuthorEndpoint(AuthorRepository authors, PublicUrls urls) : Endpoint<UpdateAuthorRequest, AuthorResponse>
{
    public override void Configure()
    {
        Put("/authors/{id:long}");
        Summary(s => s.Summary = "Replace an author's fields");
        Description(b => b.ProducesProblems(404, 409, 422));
    }

    public override async Task HandleAsync(UpdateAuthorRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        var author = await authors.UpdateAsync(id, req.ToFields(), ct);
        if (author is null) { await this.SendProblemAsync(404, $"No author has the id {id}.", ct); return; }
        await Send.OkAsync(AuthorResponse.From(author, urls, true), ct);
    }
}
