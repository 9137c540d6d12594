namespace Cms.Api.Tests.Infrastructure;

/// <summary>The real page of article 3808167 (松原站 > 要闻), kept in Fixtures/seed-article.txt.</summary>
public static class SeedArticle
{
    public const long Id = 3808167;
    public const string Title = "共青团长岭县委全面发力 多链条打造团干部队伍建设";

    public static string Text { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-article.txt"));

    /// <summary>The article's paragraphs: the indented lines of the page, without the image file names.</summary>
    public static IReadOnlyList<string> Paragraphs { get; } = Text.Split('\n')
        .Where(line => line.StartsWith("  ", StringComparison.Ordinal))
        .Select(line => line.Trim())
        .Where(line => line.Length > 0)
        .ToList();

    /// <summary>The body as HTML paragraphs, as an import from the old site would send it.</summary>
    public static string BodyHtml => string.Concat(Paragraphs.Select(p => $"<p>{p}</p>"));
}
