using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cms.Client;

/// <summary>NSwag's documented hook for the serializer options: members left null are left out of request bodies,
/// since in a JSON Merge Patch (PATCH) a null clears the field rather than leaving it as it is.</summary>
public partial class CmsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
}
