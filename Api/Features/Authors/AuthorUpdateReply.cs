using Cms.Api.Infrastructure;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

static class AuthorUpdateReply
{
    public static async Task SendAuthorAsync(this IEndpoint ep, PublicUrls urls, long id, AuthorRow? author, CancellationToken ct)
    {
        if (author is null) { await ep.SendNotFoundAsync("author", id, ct); return; }
        ep.SetVersion(author.Version);
        await ep.HttpContext.Response.SendAsync(AuthorResponse.From(author, urls, withPrivateFields: true), cancellation: ct);
    }
}
