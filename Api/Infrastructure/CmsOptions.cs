namespace Cms.Api.Infrastructure;

public sealed class CmsOptions
{
    public const string Section = "Cms";

    public string DataDirectory { get; set; } = "data";
    public string? BootstrapAdminKey { get; set; }
    public bool SeedDemoContent { get; set; }
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
    public string? PublicBaseUrl { get; set; }
    public SwaggerOptions Swagger { get; set; } = new();

    public sealed class SwaggerOptions
    {
        public bool Enabled { get; set; } = true;
    }

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}
