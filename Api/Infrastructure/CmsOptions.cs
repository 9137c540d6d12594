namespace Cms.Api.Infrastructure;

public sealed class CmsOptions
{
    public const string Section = "Cms";

    public string DataDirectory { get; set; } = "data";

    /// <summary>Where the backup endpoint writes its copies, one new folder each.</summary>
    public string BackupDirectory { get; set; } = "backups";
    public string? BootstrapAdminKey { get; set; }
    public bool SeedDemoContent { get; set; }
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest JSON request body; larger is 413.</summary>
    public long MaxJsonBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Longest article body a write may send (UTF-8 bytes of bodyHtml); longer is 400. Every reader of the article
    /// and every search that hits it pays for the body's length; bodies stored before the limit stay as they are.</summary>
    public long MaxBodyHtmlBytes { get; set; } = 1024 * 1024;
    public string? PublicBaseUrl { get; set; }

    /// <summary>A path the API is served under (such as /cms) when a proxy passes that path on instead of sending
    /// X-Forwarded-Prefix; links and Swagger UI then include it. Requests without it are still answered.</summary>
    public string? PathBase { get; set; }
    public SwaggerOptions Swagger { get; set; } = new();
    public CacheOptions Cache { get; set; } = new();
    public MediaOptions Media { get; set; } = new();
    public AuditOptions Audit { get; set; } = new();

    public sealed class AuditOptions
    {
        /// <summary>How many days the audit log keeps a write; older entries are removed (on the first write after
        /// start-up, then at most once an hour). 0 keeps them forever.</summary>
        public int RetentionDays { get; set; } = 90;
    }

    public sealed class MediaOptions
    {
        /// <summary>Keep each upload as received (with its metadata), besides the cleaned copy that is served.</summary>
        public bool KeepOriginals { get; set; }

        /// <summary>Images that declare more pixels are refused before they are decoded (a few bytes can declare gigapixels).</summary>
        public long MaxImagePixels { get; set; } = 60_000_000;

        /// <summary>Variants rendered at once across the process; rendering is CPU-bound, so more than the cores only
        /// queues. Below 1 counts as 1.</summary>
        public int MaxConcurrentRenders { get; set; } = Environment.ProcessorCount;

        /// <summary>How long a request for a variant not yet on disk waits for a rendering slot before it is answered 503.</summary>
        public double RenderWaitSeconds { get; set; } = 5;

        /// <summary>Disk the rendered variants may take; past it the least recently served are deleted (they are rendered
        /// again when asked for). 0 sets no bound.</summary>
        public double VariantCacheMegabytes { get; set; } = 1024;
    }

    /// <summary>Where feed items link to; {id}, {station} and {channel} are filled in. Defaults to the API's own article URL.</summary>
    public string? ArticleUrlTemplate { get; set; }

    /// <summary>The portal's name in feeds.</summary>
    public string SiteName { get; set; } = "吉网 Jilin news portal";

    /// <summary>An absolute URL of the portal's logo, for feed readers (RSS image, Atom logo, JSON Feed icon); none when unset.</summary>
    public string? SiteLogoUrl { get; set; }

    /// <summary>The portal's local time offset, used where a format shows local times (RSS dates, the *Local times of
    /// articles): Beijing time.</summary>
    public TimeSpan LocalTimeOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The first node of an article's breadcrumb, the portal's home page.</summary>
    public string HomeLabel { get; set; } = "首页";

    /// <summary>How the portal labels each byline role (by its code, e.g. correspondent); configuration adds or replaces
    /// labels one role at a time (Cms:BylineRoleLabels:editor).</summary>
    public Dictionary<string, string> BylineRoleLabels { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["reporter"] = "记者",
        ["correspondent"] = "通讯员",
        ["photographer"] = "摄影",
        ["editor"] = "编辑",
        ["writer"] = "撰稿",
    };

    public sealed class CacheOptions
    {
        /// <summary>How long anyone may reuse an anonymous read without asking again.</summary>
        public int MaxAgeSeconds { get; set; } = 60;

        /// <summary>How long after that a cache may serve it while it revalidates in the background.</summary>
        public int StaleWhileRevalidateSeconds { get; set; } = 300;

        /// <summary>How long the API keeps an anonymous read in memory (writes clear it sooner); 0 turns this off. For as
        /// long again an expired read goes to other readers while one request renews it.</summary>
        public int ServerSeconds { get; set; } = 10;

        /// <summary>Memory the API may use for those reads.</summary>
        public int ServerMegabytes { get; set; } = 64;
    }

    public sealed class SwaggerOptions
    {
        public bool Enabled { get; set; } = true;
    }

    public string ResolveDataDirectory(string contentRoot) => Resolve(DataDirectory, contentRoot);

    public string ResolveBackupDirectory(string contentRoot) => Resolve(BackupDirectory, contentRoot);

    static string Resolve(string directory, string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(contentRoot, directory));
}
