using System.Text.Json;
using System.Text.Json.Nodes;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Infrastructure;

/// <summary>JSON Merge Patch (RFC 7396): the body names only what changes; null removes an optional value. The patch is
/// applied to the resource's writable fields as they are now, and the result is validated like a full replacement.</summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    /// <returns>The patched fields, or null when an answer (400 or 415) was already sent.</returns>
    public static async Task<T?> ApplyAsync<T>(this IEndpoint ep, T current, IValidator<T> validator, CancellationToken ct) where T : class
    {
        var request = ep.HttpContext.Request;
        if (request.ContentType is not { } type || !type.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            await ep.SendProblemAsync(ProblemTypes.UnsupportedMediaType,
                $"Send the changes as {ContentType} (RFC 7396): a JSON object of the fields to change, null to clear one.", ct);
            return null;
        }

        var body = await RequestBodies.ReadJsonAsync(ep, ct);
        if (body is null) { return null; }
        T? patched;
        try
        {
            var patch = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = Json.Options.MaxDepth, AllowDuplicateProperties = false });
            if (patch is not JsonObject) { throw new JsonException("The JSON value could not be converted to a patch.", "$", null, null); }
            var merged = Merge(JsonSerializer.SerializeToNode(current, Json.Options), patch);
            patched = merged.Deserialize<T>(Json.Options);
        }
        catch (JsonException ex)
        {
            var failure = JsonErrors.ToFieldError(ex);
            await ep.SendProblemAsync(ProblemTypes.MalformedRequest, failure.PropertyName, failure.ErrorMessage, ct);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Text System.Text.Json reads but cannot turn into strings, such as an escaped lone surrogate ("\ud800").
            await ep.SendProblemAsync(ProblemTypes.MalformedRequest,
                "The body is not valid JSON text: it holds an escape that is not a Unicode character (such as a lone surrogate).", ct);
            return null;
        }

        var result = await validator.ValidateAsync(patched!, ct);
        if (!result.IsValid)
        {
            await Problems.WriteAsync(ep.HttpContext, Problems.ValidationProblem(result.Errors, ep.HttpContext, 400), ct);
            return null;
        }
        return patched;
    }

    /// <summary>RFC 7396, section 2.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) { return patch?.DeepClone(); }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) { result.Remove(name); }
            else { result[name] = Merge(result[name], value); }
        }
        return result;
    }
}
