using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Rules that need the whole document: each merge patch gets a schema of its own (every member optional, null
/// where null clears it), schemas that only responses use require every member the serializer always writes, and the
/// tags are described.</summary>
public sealed class ContractDocumentFilter : IDocumentFilter
{
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Articles"] = "News articles: drafts, publishing and scheduling, archive and trash, revisions. Public reads show published articles.",
        ["Audit"] = "The record of every write: who changed what, when, with which answer. Admin only.",
        ["Authors"] = "People named in bylines (reporters, correspondents, photographers, editors, writers), with their articles.",
        ["Channels"] = "Sections of a station (要闻 …) that articles are filed in.",
        ["Feeds"] = "RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest published articles, for the portal, a station, a channel or an author.",
        ["Health"] = "Liveness and readiness probes for load balancers and orchestrators; never rate limited.",
        ["Keys"] = "API keys, their roles (contributor, author, editor, admin) and stations. Admin only.",
        ["Maintenance"] = "Backups and integrity checks of the database and media files. Admin only.",
        ["Media"] = "Uploaded images: metadata, resized variants, and where they are used.",
        ["Search"] = "Full-text search over articles.",
        ["Stations"] = "Regional stations of the portal (松原站, 长春站 …), each with its channels.",
        ["Sync"] = "A change feed for mirrors and apps: every article change since a cursor, tombstones included.",
        ["Tags"] = "Article tags: counts, renames and removal across all articles.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var schemas = swaggerDoc.Components?.Schemas;
        if (schemas is null) { return; }

        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Where(o => o.Key == HttpMethod.Patch).Select(o => o.Value) ?? []))
        {
            if (operation.RequestBody?.Content?.TryGetValue(MergePatch.ContentType, out var media) != true
                || media!.Schema is not OpenApiSchemaReference { Reference.Id: { } replaceId }
                || !schemas.TryGetValue(replaceId, out var found) || found is not OpenApiSchema replace) { continue; }
            var patchId = PatchSchemaId(replaceId);
            schemas[patchId] = PatchOf(replace, replaceId);
            ((OpenApiMediaType)media).Schema = new OpenApiSchemaReference(patchId, swaggerDoc);
        }

        var inRequests = Reachable(schemas, swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => (o.RequestBody?.Content?.Values ?? []).Select(m => m.Schema).Concat((o.Parameters ?? []).Select(p => p.Schema))));
        foreach (var (id, schema) in schemas)
        {
            if (inRequests.Contains(id) || schema is not OpenApiSchema { Properties.Count: > 0 } objectSchema) { continue; }
            if (objectSchema.Metadata is null || !objectSchema.Metadata.TryGetValue(WireShapeSchemaFilter.AlwaysWrittenKey, out var written)
                || written is not List<string> always) { continue; }
            objectSchema.Required = new SortedSet<string>(always.Where(objectSchema.Properties.ContainsKey), StringComparer.Ordinal);
        }

        var used = swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).ToHashSet();
        swaggerDoc.Tags = new SortedSet<OpenApiTag>(
            used.OfType<string>().Select(name => new OpenApiTag { Name = name, Description = TagDescriptions.GetValueOrDefault(name) }),
            Comparer<OpenApiTag>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name)));
    }

    /// <summary>UpdateArticleRequest → ArticlePatch.</summary>
    public static string PatchSchemaId(string replaceId)
    {
        var name = replaceId.StartsWith("Update", StringComparison.Ordinal) ? replaceId["Update".Length..] : replaceId;
        name = name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
        return name + "Patch";
    }

    /// <summary>RFC 7396 applied to the replacement's members: any may be left out; null removes a member, which clears it
    /// where the replacement may leave it out, and is refused (400) where the replacement requires it.</summary>
    static OpenApiSchema PatchOf(OpenApiSchema replace, string replaceId)
    {
        var required = replace.Required ?? new HashSet<string>();
        var properties = new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, member) in replace.Properties!)
        {
            var copy = member is OpenApiSchema inline ? (OpenApiSchema)inline.CreateShallowCopy() : member;
            properties[name] = required.Contains(name) ? WireShapeSchemaFilter.NonNull(copy) : WireShapeSchemaFilter.Nullable(copy);
        }
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"A JSON Merge Patch (RFC 7396) of {replaceId}: only the members to change; null clears a member that may be empty. " +
                          "The patched result must be valid as a whole replacement.",
            Properties = properties,
            AdditionalPropertiesAllowed = false,
        };
    }

    static HashSet<string> Reachable(IDictionary<string, IOpenApiSchema> schemas, IEnumerable<IOpenApiSchema?> roots)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (seen.Add(id) && schemas.TryGetValue(id, out var target)) { pending.Push(target); }
                continue;
            }
            foreach (var next in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
            {
                pending.Push(next);
            }
            if (schema.Items is { } items) { pending.Push(items); }
            if (schema.AdditionalProperties is { } extra) { pending.Push(extra); }
        }
        return seen;
    }
}
