namespace Cms.Api.Infrastructure;

/// <summary>A rule checked against the database failed (a taken slug, a missing reference, a row still in use).
/// Thrown inside the write transaction, so nothing of the request is saved; answered as a problem document.</summary>
public sealed class ApiProblemException(int status, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiProblemException Conflict(string field, string message) =>
        new(StatusCodes.Status409Conflict, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException Unprocessable(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status422UnprocessableEntity,
            errors.Count == 1 ? errors.Values.First()[0] : "Some referenced records do not exist; see errors.", errors);
}
