namespace Cms.Api.Infrastructure;

/// <summary>A kind of refusal: the <c>type</c> of its problem documents, the status it is always sent with, the title it
/// always has, when it is sent and what a client should do about it.</summary>
public sealed record ProblemType(string Uri, int Status, string Title, string Description)
{
    public override string ToString() => Uri;
}

/// <summary>Every kind of refusal this API sends, so that a client can switch on <c>type</c> instead of reading English.
/// The URIs are URNs: the same on every deployment, never moved with a host name, and plainly not pages to fetch.</summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:cms:problem:";

    /// <summary>RFC 9457's type for a problem that means no more than its status: kept only for statuses this API never
    /// raises itself, such as a 408 from the server when a body arrives too slowly.</summary>
    public const string Blank = "about:blank";

    public static readonly ProblemType ValidationFailed = new(Prefix + "validation-failed", 400, "Validation failed",
        "The request was read, but values in it break the rules (a missing or too long field, a value out of range, a filter or " +
        "cursor that does not fit the list). `errors` maps each field to what is wrong: show it to the person who entered it.");

    public static readonly ProblemType MalformedRequest = new(Prefix + "malformed-request", 400, "Malformed request",
        "The request could not be read: a body that is empty, not JSON, not UTF-8 or not an object, a member the request does not have " +
        "(such as id or createdAt), a value of the wrong JSON type, a broken multipart form, or an If-Match that is not a quoted ETag. " +
        "A bug in the client: fix the request, do not retry it as it is.");

    public static readonly ProblemType Unauthenticated = new(Prefix + "unauthenticated", 401, "Unauthenticated",
        "No API key where one is needed, or a key that is unknown, expired or revoked, or a key in the URL. " +
        "Send a working key as 'Authorization: Bearer <api key>'.");

    public static readonly ProblemType Forbidden = new(Prefix + "forbidden", 403, "Forbidden",
        "The key works but may not do this: its role is too low, it is read-only, it is limited to other stations, or the article or " +
        "medium is not its own; also a browser preflight from an origin not allowed to write. Retrying with the same key will not help.");

    public static readonly ProblemType NotFound = new(Prefix + "not-found", 404, "Not found",
        "Nothing has this id or slug (or this key may not see it), or nothing is served at this path. " +
        "Drop the local copy or check the id; a deleted resource stays gone.");

    public static readonly ProblemType MethodNotAllowed = new(Prefix + "method-not-allowed", 405, "Method not allowed",
        "The path exists but does not take this HTTP method; the Allow header lists the ones it does.");

    public static readonly ProblemType SyncRestartRequired = new(Prefix + "sync-restart-required", 410, "Sync restart required",
        "The sync token names changes this database cannot continue from: it was issued by another database, or by this one before " +
        "it was restored from a backup (or names changes never issued here). Drop what was synced with it and sync again without since.");

    public static readonly ProblemType Duplicate = new(Prefix + "duplicate", 409, "Already taken",
        "A value that must be unique is already used: a slug another station, channel (of the station) or author has, or the id of an " +
        "imported article. `errors` names the field: choose another value.");

    public static readonly ProblemType InUse = new(Prefix + "in-use", 409, "Still in use",
        "The resource cannot be deleted while others use it: a station with channels or articles, a channel or author with articles, " +
        "a medium used by articles or authors. Move or remove what uses it first (for media, GET /media/{id}/usage lists it).");

    public static readonly ProblemType StateConflict = new(Prefix + "state-conflict", 409, "State conflict",
        "The change does not fit the resource's current state: a lifecycle move its status does not allow (unpublishing a draft), a change " +
        "to an article in the trash (restore it first), revoking the last working admin key, a backup while one is running. " +
        "GET the resource, and act on its current state.");

    public static readonly ProblemType VersionMismatch = new(Prefix + "version-mismatch", 412, "Version mismatch",
        "If-Match names a version that is no longer current: someone changed the resource since you read it. " +
        "GET it again, reapply your change to what it is now, and send the new ETag.");

    public static readonly ProblemType PreconditionRequired = new(Prefix + "precondition-required", 428, "Precondition required",
        "A change to an existing resource was sent without If-Match. Send the ETag from your GET of it (or * to overwrite whatever is there).");

    public static readonly ProblemType BodyTooLarge = new(Prefix + "body-too-large", 413, "Body too large",
        "The body is larger than allowed (Cms:MaxJsonBytes for JSON, Cms:MaxUploadBytes for uploads). Send less; retrying the same body fails again.");

    public static readonly ProblemType UnsupportedMediaType = new(Prefix + "unsupported-media-type", 415, "Unsupported media type",
        "The body's Content-Type (or charset) is not one this operation reads, a body came without a Content-Type, or an upload is not an " +
        "image type the API stores. JSON as application/json, merge patches as application/merge-patch+json, uploads as multipart/form-data.");

    public static readonly ProblemType RangeNotSatisfiable = new(Prefix + "range-not-satisfiable", 416, "Range not satisfiable",
        "The Range asked for lies outside the file. Ask again without Range, or within the length the Content-Range header gives.");

    public static readonly ProblemType MissingReference = new(Prefix + "missing-reference", 422, "Missing reference",
        "The body refers to something that does not exist or does not fit (an unknown author or medium, a channel of another station). " +
        "`errors` names each field: fix the reference.");

    public static readonly ProblemType UnprocessableImage = new(Prefix + "unprocessable-image", 422, "Unprocessable image",
        "The upload is an image type the API takes, but it cannot be stored: corrupt or truncated, or more pixels than Cms:Media:MaxImagePixels.");

    public static readonly ProblemType RateLimited = new(Prefix + "rate-limited", 429, "Rate limited",
        "This key (or address, without a key) sent more requests in a minute than allowed. Wait the seconds Retry-After gives, then retry.");

    public static readonly ProblemType ServerError = new(Prefix + "server-error", 500, "Server error",
        "The server failed; the failure is logged. Report it with the traceId; retrying may not help.");

    public static readonly ProblemType Unavailable = new(Prefix + "unavailable", 503, "Unavailable",
        "The server cannot do this now, nothing was saved: the database is busy, or storage cannot be written (also GET /health and " +
        "/health/ready when writes cannot succeed). Retry after Retry-After seconds.");

    public static readonly ProblemType StorageFull = new(Prefix + "storage-full", 507, "Storage full",
        "The server's disk is full, nothing was saved; reads still work. Retry after Retry-After seconds, once an operator has freed space.");

    public static readonly IReadOnlyList<ProblemType> All =
    [
        ValidationFailed, MalformedRequest, Unauthenticated, Forbidden, NotFound, MethodNotAllowed, SyncRestartRequired, Duplicate, InUse,
        StateConflict, VersionMismatch, PreconditionRequired, BodyTooLarge, UnsupportedMediaType, RangeNotSatisfiable, MissingReference,
        UnprocessableImage, RateLimited, ServerError, Unavailable, StorageFull,
    ];

    /// <summary>The type of a problem the framework writes by status alone (an unknown path, a wrong method, a body
    /// Kestrel refused): the one kind this API sends with that status, or null when the status has no kind of ours.</summary>
    public static ProblemType? ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        409 or 422 => null,
        _ => All.FirstOrDefault(t => t.Status == status),
    };
}
