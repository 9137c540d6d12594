using Cms.Api.Features.Articles;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Bounds that a setting decides rather than a validator: an article's bodyHtml is at most
/// Cms:MaxBodyHtmlBytes bytes of UTF-8, so at most that many characters (the contract states this host's setting).</summary>
public sealed class ConfiguredBounds(IOptions<CmsOptions> options) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (!typeof(ArticleInput).IsAssignableFrom(context.Type) || schema is not OpenApiSchema { Properties: { } properties }) { return; }
        if (properties.TryGetValue("bodyHtml", out var body) && body is OpenApiSchema bodyHtml)
        {
            bodyHtml.MaxLength = (int)Math.Min(int.MaxValue, options.Value.MaxBodyHtmlBytes);
        }
    }
}
