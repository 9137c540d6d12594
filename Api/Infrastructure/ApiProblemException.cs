namespace Cms.Api.Infrastructure;

/// <summary>A rule checked against the database failed (a taken slug, a missing reference, a row still in use).
/// Thrown inside the write transaction, so nothing of the request is saved; answered as a problem document.</summary>
public sealed class ApiProblemException(ProblemType type, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public ProblemType Type { get; } = type;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiProblemException Duplicate(string field, string message) =>
        new(ProblemTypes.Duplicate, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException MissingReference(IDictionary<string, string[]> errors) =>
        new(ProblemTypes.MissingReference,
            errors.Count == 1 ? errors.Values.First()[0] : "Some referenced records do not exist; see errors.", errors);
}
