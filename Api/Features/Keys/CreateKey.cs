using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Keys;

public sealed class CreateKeyRequest
{
    public const string Route = ListKeysRequest.Route;

    [Description("What the key is for, e.g. 长岭县通讯员 李雪 or the import script.")]
    public string Name { get; set; } = "";

    [Description("contributor, author, editor or admin.")]
    [WireValues(typeof(Caller), nameof(Caller.RoleNames))]
    public string Role { get; set; } = "";

    [Description("The author the key acts as (for contributors and authors: whose articles are its own).")]
    public long? AuthorId { get; set; }

    [Description("Limit the key to these stations; leave out for all.")]
    public List<long>? StationIds { get; set; }

    [Description("When the key stops working (RFC 3339); leave out for never.")]
    public DateTimeOffset? ExpiresAt { get; set; }

    [Description("true for a key that may only read (drafts included).")]
    public bool? ReadOnly { get; set; }
}

public sealed class CreateKeyValidator : Validator<CreateKeyRequest>
{
    public CreateKeyValidator()
    {
        RuleFor(x => x.Name).RequiredText("name", 100);
        RuleFor(x => x.Role).Must(r => Enum.TryParse<KeyRole>(r, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(r, out _))
            .WithMessage("role must be one of: contributor, author, editor, admin.");
        RuleFor(x => x.AuthorId).OptionalId("authorId");
        RuleFor(x => x.StationIds).MaxItems(100, "A key is limited to at most 100 stations.");
        RuleForEach(x => x.StationIds).GreaterThan(0).WithMessage("stationIds must be positive ids.")
            .LessThanOrEqualTo(ValidationRules.MaxId).WithMessage($"stationIds must be at most {ValidationRules.MaxId} (2^53 - 1).");
    }
}

public sealed class CreateKeyEndpoint(ApiKeyRepository keys, TimeProvider clock) : Endpoint<CreateKeyRequest, CreatedKeyResponse>
{
    public override void Configure()
    {
        Post(CreateKeyRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Create an API key (admin); the key is in the response this once");
        Description(b => b.Produces<CreatedKeyResponse>(201).ProducesProblems(403, 422));
    }

    public override async Task HandleAsync(CreateKeyRequest req, CancellationToken ct)
    {
        if (req.ExpiresAt <= clock.GetUtcNow()) { AddError(r => r.ExpiresAt, "expiresAt must be in the future."); }
        ThrowIfAnyErrors();
        var caller = HttpContext.Caller()!;
        foreach (var (field, refusal) in new[]
                 {
                     ("stationIds", caller.CannotGrant([.. req.StationIds ?? []])),
                     ("role", CannotGrantRole(caller, Caller.ParseRole(req.Role))),
                     ("expiresAt", CannotGrantExpiry(caller, req.ExpiresAt)),
                 })
        {
            if (refusal is null) { continue; }
            await this.SendProblemAsync(ProblemTypes.Forbidden, field, refusal, ct);
            return;
        }
        var (row, secret) = await keys.CreateAsync(new ApiKeyFields(
            req.Name.Trim(), Caller.RoleName(Caller.ParseRole(req.Role)), req.AuthorId, (req.StationIds ?? []).Distinct().ToList(),
            req.ExpiresAt is { } e ? Timestamps.Format(e) : null, req.ReadOnly == true), ct);
        await Send.CreatedAtAsync<GetKeyEndpoint>(new { id = row.Id }, new CreatedKeyResponse(KeyResponse.From(row), secret), cancellation: ct);
    }

    /// <summary>A key never creates a key that outranks it.</summary>
    static string? CannotGrantRole(Caller caller, KeyRole role) =>
        role > caller.Role ? $"This key's role is {Caller.RoleName(caller.Role)}, so it cannot create a key with the role {Caller.RoleName(role)}." : null;

    /// <summary>A key never creates a key that outlives it: an expiring key's keys expire no later than it does.</summary>
    static string? CannotGrantExpiry(Caller caller, DateTimeOffset? expiresAt) =>
        caller.ExpiresAt is not { } own ? null
        : expiresAt is null ? $"This key expires at {Timestamps.Format(own)}, so the keys it creates must expire too, no later (expiresAt)."
        : string.CompareOrdinal(Timestamps.Format(expiresAt.Value), Timestamps.Format(own)) > 0
            ? $"This key expires at {Timestamps.Format(own)}, so the keys it creates cannot expire later (expiresAt)."
        : null;
}
