using Cms.Api.Data;
using Cms.Api.Data.Demo;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Audit;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Health;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Maintenance;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Features.Sync;
using Cms.Api.Features.Tags;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using Cms.Api.Infrastructure.Protection;
using FastEndpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

VipsSetup.Configure();
var command = MaintenanceCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command?.HostArgs ?? args);

builder.Services.Configure<CmsOptions>(builder.Configuration.GetSection(CmsOptions.Section));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new DbLocation(
    sp.GetRequiredService<IOptions<CmsOptions>>().Value.ResolveDataDirectory(builder.Environment.ContentRootPath)));
builder.Services.AddSingleton<Db>();
builder.Services.AddSingleton<Migrator>();
builder.Services.AddSingleton<AppSettingsRepository>();
builder.Services.AddSingleton(sp => AppInitializer.CreateCursorCodec(sp.GetRequiredService<AppSettingsRepository>()));
builder.Services.AddSingleton<AppInitializer>();
builder.Services.AddSingleton<DemoContentSeeder>();
builder.Services.AddSingleton<ApiKeyRepository>();
builder.Services.AddSingleton<StationRepository>();
builder.Services.AddSingleton<ChannelRepository>();
builder.Services.AddSingleton<AuthorRepository>();
builder.Services.AddSingleton<MediaRepository>();
builder.Services.AddSingleton<MediaFileStore>();
builder.Services.AddSingleton<MediaLibrary>();
builder.Services.AddSingleton<VariantRenderer>();
builder.Services.AddSingleton<ArticleRepository>();
builder.Services.AddSingleton<ArticleHtmlSanitizer>();
builder.Services.AddSingleton<HealthRepository>();
builder.Services.AddSingleton<SyncLog>();
builder.Services.AddSingleton<FeedWriter>();
builder.Services.AddSingleton<FeedScopes>();
builder.Services.AddSingleton<ResponseCache>();
builder.Services.AddSingleton<AuditRepository>();
builder.Services.AddSingleton<PublicUrls>();
builder.Services.AddSingleton<TagRepository>();
builder.Services.AddSingleton<MediaDeletions>();
builder.Services.AddSingleton<MediaSweep>();
builder.Services.AddSingleton<BackupService>();
builder.Services.AddSingleton<IntegrityCheck>();
builder.Services.AddSingleton<ReadinessProbe>();
builder.Services.AddHttpContextAccessor();

builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.DescribeStatus);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.AddFastEndpoints();
builder.Services.AddCmsOpenApi();
builder.Services.AddCmsProtection(builder.Configuration);

var app = builder.Build();

if (command is not null)
{
    return await command.RunAsync(app.Services, Console.Out, Console.Error, CancellationToken.None);
}

try
{
    await app.Services.GetRequiredService<AppInitializer>().InitializeAsync(CancellationToken.None);
}
catch (Exception ex) when (ex is MigrationFailedException or WeakBootstrapKeyException)
{
    app.Logger.LogCritical("The API cannot start: {Reason}", ex.Message);
    return 1;
}

var cmsOptions = app.Services.GetRequiredService<IOptions<CmsOptions>>().Value;
app.UseTrustedProxies();
app.UseCmsPathBase(cmsOptions.PathBase);
app.AnswerHeadAsGet();
// Routing after HEAD has become GET, so a HEAD finds the GET endpoint (left implicit, routing would run first).
app.UseRouting();
app.UseCmsSecurityHeaders();
// Outside the exception handler, so a write refused by an exception (409, 412, 503, 507) is recorded with its status.
app.UseMiddleware<AuditTrail>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCmsCors();
app.RejectKeysInUrls();
app.LimitRequestBodies();
app.UseAuthentication();
app.UseCmsRateLimits();
app.RejectInvalidApiKeys();
app.RejectWritesWithReadOnlyKeys();
app.UseAuthorization();
if (cmsOptions.Swagger.Enabled) { app.UseCmsSwaggerUI(); }
app.UseMiddleware<HttpCaching>();
app.UseReadSnapshots();
app.UseFastEndpoints(c =>
{
    c.Endpoints.RoutePrefix = "api/v1";
    c.Endpoints.ShortNames = true;
    Json.Configure(c.Serializer.Options);
    c.Serializer.RequestDeserializer = RequestBodies.JsonBodyReader(c.Serializer.Options);
    c.Binding.JsonExceptionTransformer = JsonErrors.ToFieldError;
    c.Binding.FailureMessage = Problems.UnparsableValue;
    c.Binding.ValueParserFor<DateTimeOffset>(Rfc3339.ParseQueryValue);
    c.Binding.ValueParserFor<DateTimeOffset?>(Rfc3339.ParseQueryValue);
    c.Errors.ContentType = Problems.ContentType;
    c.Errors.ResponseBuilder = Problems.ValidationProblem;
    c.Errors.ProducesMetadataType = typeof(ProblemDocument);
});
if (cmsOptions.Swagger.Enabled) { app.UseCmsOpenApi(); }
app.LogWhereToStart();

await app.RunAsync();
return 0;

public partial class Program;
