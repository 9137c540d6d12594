using FastEndpoints;

namespace Cms.Api.Infrastructure.Auth;

/// <summary>A key limited to some stations works only in them, whatever its role: on their articles, on the stations
/// themselves and their channels, and it cannot hand out keys that reach further. A limited admin manages only keys
/// limited to some of its stations (never a broader or unlimited one); what spans every station (the audit log,
/// backups, the integrity check) needs an unlimited admin.</summary>
public static class StationScope
{
    /// <returns>True when the caller may not work on the station and a 403 was sent.</returns>
    public static async Task<bool> RefuseOtherStationAsync(this IEndpoint ep, long stationId, CancellationToken ct)
    {
        if (ep.HttpContext.Caller() is not { } caller || caller.MayUseStation(stationId)) { return false; }
        await ep.SendProblemAsync(ProblemTypes.Forbidden, $"This key may not work on station {stationId}.", ct);
        return true;
    }

    /// <returns>True when the caller is limited to some stations (so may not create one) and a 403 was sent.</returns>
    public static async Task<bool> RefuseIfLimitedAsync(this IEndpoint ep, string what, CancellationToken ct)
    {
        if (ep.HttpContext.Caller() is not { Stations: not null }) { return false; }
        await ep.SendProblemAsync(ProblemTypes.Forbidden, $"This key is limited to some stations, so it cannot {what}.", ct);
        return true;
    }

    /// <summary>The stations a new key may be given: within the caller's own, and not "all" for a limited caller.</summary>
    public static string? CannotGrant(this Caller caller, IReadOnlyCollection<long> stationIds) =>
        caller.Stations is null ? null
        : stationIds.Count == 0 ? "This key is limited to some stations, so the keys it creates must be limited to some of them too (stationIds)."
        : stationIds.FirstOrDefault(s => !caller.Stations.Contains(s)) is var outside and not 0 ? $"This key may not work on station {outside}, so it cannot grant it."
        : null;

    /// <summary>Whether the caller's stations cover a key limited to these stations (none: all): an unlimited caller
    /// covers every key; a limited one only keys limited to some of its own stations.</summary>
    public static bool Covers(this Caller caller, IReadOnlyCollection<long> keyStations) =>
        caller.Stations is null || (keyStations.Count > 0 && keyStations.All(caller.Stations.Contains));

    /// <returns>Why the caller may not manage a key limited to these stations (none: all), or null when it may.</returns>
    public static string? CannotManage(this Caller caller, long keyId, IReadOnlyCollection<long> keyStations) =>
        caller.Covers(keyStations) ? null
        : keyStations.Count == 0 ? $"This key is limited to some stations, so it may not manage API key {keyId}, which works on all stations."
        : $"This key is limited to some stations, so it may not manage API key {keyId}, which works on stations it does not.";
}
