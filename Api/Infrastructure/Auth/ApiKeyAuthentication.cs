using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Cms.Api.Features.Keys;
using FastEndpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure.Auth;

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRepository keys,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) { return AuthenticateResult.NoResult(); }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }
        var key = await keys.FindActiveAsync(header[7..].Trim(), Context.RequestAborted);
        if (key is null) { return AuthenticateResult.Fail("The API key is not valid or has been revoked."); }
        if (key.ExpiresAt is { } expires && string.CompareOrdinal(expires, Timestamps.Format(clock.GetUtcNow())) <= 0)
        {
            return AuthenticateResult.Fail($"The API key expired at {expires}; ask an admin for a new one.");
        }
        await keys.TouchAsync(key.Id, Context.RequestAborted);

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role),
        };
        if (key.AuthorId is { } author) { claims.Add(new Claim(Caller.AuthorClaim, author.ToString(CultureInfo.InvariantCulture))); }
        if (key.ReadOnly != 0) { claims.Add(new Claim(Caller.ReadOnlyClaim, "true")); }
        if (key.ExpiresAt is { } expiresAt) { claims.Add(new Claim(Caller.ExpiresClaim, expiresAt)); }
        claims.AddRange(key.StationIds.Select(s => new Claim(Caller.StationClaim, s.ToString(CultureInfo.InvariantCulture))));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, ProblemTypes.Unauthenticated,
            result.Failure?.Message ?? "This operation needs an API key: send 'Authorization: Bearer <api key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var least = Context.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>()?.AllowedRoles?
            .Select(Caller.ParseRole).DefaultIfEmpty(KeyRole.Admin).Min() ?? KeyRole.Admin;
        var needed = least == KeyRole.Admin ? "the admin role" : $"the {Caller.RoleName(least)} role or higher";
        return Problems.WriteAsync(Context, ProblemTypes.Forbidden,
            $"This operation needs {needed}; this key's role is {Context.Caller()?.Role.ToString().ToLowerInvariant() ?? "none"}.");
    }
}

public static class ApiKeyAuthenticationExtensions
{
    static readonly string[] KeyParameters = ["api_key", "apikey", "key", "access_token", "token"];

    /// <summary>A key in the URL ends up in logs, histories and caches: it is refused, and the request goes no further.</summary>
    public static IApplicationBuilder RejectKeysInUrls(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Request.Query.Keys.Any(k => KeyParameters.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            await Problems.WriteAsync(ctx, ProblemTypes.Unauthenticated,
                "API keys are not accepted in the URL, where logs and caches keep them: send 'Authorization: Bearer <api key>' instead.");
            return;
        }
        await next(ctx);
    });

    /// <summary>A request that sends a key which does not work is refused, even on a public read: a client
    /// with a broken key would otherwise silently see the public view and never learn why.</summary>
    public static IApplicationBuilder RejectInvalidApiKeys(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var result = await ctx.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (result.Failure is not null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await Problems.WriteAsync(ctx, ProblemTypes.Unauthenticated, result.Failure.Message);
            return;
        }
        await next(ctx);
    });

    /// <summary>A read-only key reads like any key (drafts included) and is refused every write.</summary>
    public static IApplicationBuilder RejectWritesWithReadOnlyKeys(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Caller() is { ReadOnly: true } && IsWrite(ctx.Request.Method))
        {
            await Problems.WriteAsync(ctx, ProblemTypes.Forbidden, "This API key is read-only.");
            return;
        }
        await next(ctx);
    });

    public static bool HasApiKey(this HttpContext ctx) => ctx.User.Identity?.IsAuthenticated == true;

    /// <summary>Anything but reading (GET, HEAD) and asking what is allowed (OPTIONS).</summary>
    public static bool IsWrite(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);
}
