using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure.Auth;

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRepository keys)
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

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ClaimTypes.Role, key.Role),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            result.Failure?.Message ?? "This operation needs an API key: send 'Authorization: Bearer <api key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Your API key's role does not allow this operation.");
}

public static class ApiKeyAuthenticationExtensions
{
    /// <summary>A request that sends a key which does not work is refused, even on a public read: a client
    /// with a broken key would otherwise silently see the public view and never learn why.</summary>
    public static IApplicationBuilder RejectInvalidApiKeys(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var result = await ctx.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (result.Failure is not null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await Problems.WriteAsync(ctx, StatusCodes.Status401Unauthorized, result.Failure.Message);
            return;
        }
        await next(ctx);
    });

    public static bool HasApiKey(this HttpContext ctx) => ctx.User.Identity?.IsAuthenticated == true;
}
