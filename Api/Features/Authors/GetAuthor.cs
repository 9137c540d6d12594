using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class GetAuthorRequest
{
    public const string Route = "/authors/{id:long}";

    public long Id { get; set; }
}

public sealed class GetAuthorEndpoint(AuthorRepository authors, PublicUrls urls) : Endpoint<GetAuthorRequest, AuthorResponse>
{
    public override void Configure()
    {
        Get(GetAuthorRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "Get an author (email only with an API key)");
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(GetAuthorRequest req, CancellationToken ct)
    {
        var author = await authors.FindAsync(req.Id, ct);
        if (author is null) { await this.SendNotFoundAsync("author", req.Id, ct); return; }
        this.SetVersion(author.Version);
        await Send.OkAsync(AuthorResponse.From(author, urls, HttpContext.Caller()?.AtLeast(KeyRole.Editor) == true), ct);
    }
}
