namespace Cms.Api.Infrastructure.OpenApi;

public static class ProblemResponses
{
    /// <summary>Declares error responses as problem documents in the contract.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemDocument>(status, Problems.ContentType);
        }
        return builder;
    }
}
