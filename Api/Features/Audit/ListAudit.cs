using System.ComponentModel;
using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Audit;

public sealed class ListAuditRequest : PageQuery
{
    public const string Route = "/audit";

    [QueryParam, Description("Only the writes of this API key.")]
    public long? KeyId { get; set; }
}

public sealed class ListAuditValidator : Validator<ListAuditRequest>
{
    public ListAuditValidator() => Include(new PageQueryValidator());
}

public sealed class AuditResponse
{
    public required long Id { get; init; }
    public required DateTime At { get; init; }

    [Description("The key that made the request; null when none was sent or it did not work.")]
    public required long? KeyId { get; init; }

    public required string? KeyName { get; init; }
    [WireValues(typeof(Caller), nameof(Caller.RoleNames))]
    public required string? Role { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }

    [Description("The operation of the contract, e.g. UpdateArticle.")]
    public required string? Operation { get; init; }

    [Description("The HTTP status the request was answered with.")]
    public required int Status { get; init; }

    public required string? ClientAddress { get; init; }

    public static AuditResponse From(AuditRow row) => new()
    {
        Id = row.Id, At = Timestamps.Parse(row.At), KeyId = row.KeyId, KeyName = row.KeyName, Role = row.Role, Method = row.Method,
        Path = row.Path, Operation = row.Operation, Status = (int)row.Status, ClientAddress = row.ClientAddress,
    };
}

public sealed class ListAuditEndpoint(AuditRepository audit, CursorCodec cursors) : Endpoint<ListAuditRequest, Page<AuditResponse>>
{
    public override void Configure()
    {
        Get(ListAuditRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Tags("Audit");
        Summary(s => s.Summary = "Every write, newest first: who, what, when and the outcome (unlimited admin)");
        Description(b => b.ProducesProblems(403));
    }

    public override async Task HandleAsync(ListAuditRequest req, CancellationToken ct)
    {
        if (await this.RefuseIfLimitedAsync("read the audit log, which covers every station", ct)) { return; }
        var scope = $"audit|{req.KeyId}";
        if (!cursors.TryRead(req.Cursor, scope, 1, out var before)) { await this.SendInvalidCursorAsync(ct); return; }
        var rows = await audit.ListAsync(before is null ? null : long.Parse(before[0], CultureInfo.InvariantCulture), req.KeyId, req.PageSize + 1, ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, AuditResponse.From, r => cursors.Encode(scope, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
