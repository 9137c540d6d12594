using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure.Protection;

/// <summary>Trusted proxies, rate limits, CORS and security headers. Each piece has its place in the pipeline: security headers first,
/// so errors carry them; CORS before authentication, so preflights need no key; the rate limiter after
/// authentication, so it can count per key.</summary>
public static class ProtectionSetup
{
    public static IServiceCollection AddCmsProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CmsRateLimitOptions>()
            .Bind(configuration.GetSection(CmsRateLimitOptions.Section))
            .Validate(o => o.AnonymousPerMinute > 0 && o.KeyPerMinute > 0, "Cms:RateLimits: AnonymousPerMinute and KeyPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<CmsCorsOptions>()
            .Bind(configuration.GetSection(CmsCorsOptions.Section))
            .Validate(o => o.AllowedOrigins.All(origin => CmsCorsOptions.Normalize(origin) is not null), "Cms:Cors:AllowedOrigins takes origins such as https://editor.example.com (scheme, host and port only).")
            .ValidateOnStart();
        services.AddOptions<CmsProxyOptions>()
            .Bind(configuration.GetSection(CmsProxyOptions.Section))
            .Validate(o => o.Networks() is not null, TrustedProxies.InvalidMessage)
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<CmsProxyOptions>>((forwarded, proxies) => TrustedProxies.Configure(forwarded, proxies.Value));
        services.AddSingleton<RateLimitWindows>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<CmsRateLimitOptions>, RateLimitWindows>(
            (limiter, limits, windows) => RateLimits.Configure(limiter, limits.Value, windows));
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();

    public static IApplicationBuilder UseCmsCors(this IApplicationBuilder app) => app.UseMiddleware<CorsRules>();

    /// <summary>The limiter, then the RateLimit-* headers of the requests it let through (it writes a 429's itself).</summary>
    public static IApplicationBuilder UseCmsRateLimits(this IApplicationBuilder app) => app.UseRateLimiter().UseMiddleware<RateLimitHeaders>();
}
