namespace Cms.Api.Features.Articles;

/// <summary>A point in every change of an article between the request's start and its write transaction. The API
/// registers none; a test registers one to land another change there, which shows that the access decision is made on
/// the article as the write transaction finds it (issue #13 row 14).</summary>
public interface IBeforeArticleWrite
{
    Task RunAsync(long articleId, CancellationToken ct);
}
