using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using static Cms.Api.Tests.Auth.ArticleAction;
using static Cms.Api.Tests.Auth.ArticleStart;

namespace Cms.Api.Tests.Auth;

/// <summary>Every unpublish, archive, trash, restore and permanent delete a role allows succeeds and leaves the article
/// as the action says.</summary>
public sealed class ArticleRoleStateTests : ArticleRoleFixture
{
    [TestCaseSource(nameof(AllowedStateCases))]
    public Task A_key_does_what_its_role_allows(string role, ArticleAction action, Ownership ownership, ArticleStart start) =>
        ExpectAllowedAsync(role, action, ownership, start);
}
