using FastEndpoints;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddCmsOpenApi(this IServiceCollection services)
    {
        // Without the explorer, Swashbuckle cannot see FastEndpoints' minimal-API endpoints (and requests fail).
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Regional news CMS API",
                Version = "v1",
                Description = """
                    Headless CMS for a regional news portal: stations, channels, authors, articles and media.
                    Reads are public and show published content; writes need 'Authorization: Bearer <api key>'.
                    Errors are RFC 9457 problem documents (application/problem+json).
                    """,
                Contact = new OpenApiContact { Name = "Regional news CMS API maintainers" },
                License = new OpenApiLicense { Name = "Proprietary: all rights reserved", Identifier = "LicenseRef-Proprietary" },
            });
            c.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key, sent as 'Authorization: Bearer <api key>'.",
            });
            c.SupportNonNullableReferenceTypes();
            c.NonNullableReferenceTypesAsRequired();
            c.TagActionsBy(api => [TagOf(api)]);
            c.DocInclusionPredicate((_, api) => api.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().Any());
            c.CustomSchemaIds(SchemaId);
            c.SchemaFilter<WireShapeSchemaFilter>();
            c.SchemaFilter<ConfiguredBounds>();
            c.OperationFilter<FastEndpointsOperationFilter>();
            c.DocumentFilter<ContractDocumentFilter>();
            c.DocumentFilter<TidyDocumentFilter>();
            c.SchemaFilter<ProblemTypeSchemaFilter>();
        });
        return services;
    }

    /// <summary>Swagger UI's files, ahead of <see cref="HttpCaching"/>: they come compressed already, with validators of
    /// their own. The page loads the document relative to where it is served, so it works under a path prefix too.</summary>
    public static WebApplication UseCmsSwaggerUI(this WebApplication app)
    {
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint($"{DocumentName}/swagger.json", "CMS API v1");
            o.DocumentTitle = "Regional news CMS API";
            // Highlighting a long article's JSON held the page for seconds after each Execute (a conditional PATCH in
            // the browser test took 32 s with it, 16 s without).
            o.ConfigObject.AdditionalItems["syntaxHighlight"] = false;
        });
        return app;
    }

    /// <summary>The document, whose one server is the base the client reached (/cms behind a proxy that mounts the API
    /// there, / otherwise), so "Try it out" and generated clients call the API where it was found.</summary>
    public static WebApplication UseCmsOpenApi(this WebApplication app)
    {
        app.UseSwagger(o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // x-internal: false says the server is meant for the public (OWASP API9, inventory of who may call what).
            o.PreSerializeFilters.Add((doc, request) => doc.Servers =
            [
                new OpenApiServer
                {
                    Url = request.PathBase.HasValue ? request.PathBase.Value : "/",
                    Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(false) },
                },
            ]);
        });
        return app;
    }

    public static void LogWhereToStart(this WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses?.FirstOrDefault();
        if (first is not null)
        {
            app.Logger.LogInformation("CMS API listening on {Address}; Swagger UI at {Address}/swagger", first, first.TrimEnd('/'));
        }
    });

    static string TagOf(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api)
    {
        var def = api.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().First();
        return def.EndpointTags?.FirstOrDefault() ?? def.EndpointType.Namespace!.Split('.').Last();
    }

    static string SchemaId(Type type) => type.IsGenericType
        ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]
        : type.Name;
}
