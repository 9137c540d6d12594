using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Infrastructure;

namespace Cms.Api.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts a problem document of this type (with its status and title) and returns its body.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage res, ProblemType type)
    {
        var problem = await res.ExpectProblemAsync((HttpStatusCode)type.Status);
        Assert.That((string?)problem["type"], Is.EqualTo(type.Uri), problem.ToJsonString());
        Assert.That((string?)problem["title"], Is.EqualTo(type.Title), problem.ToJsonString());
        return problem;
    }
}
