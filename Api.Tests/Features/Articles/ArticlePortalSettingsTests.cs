using System.Net;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>A portal that names its home page, its roles and its time zone its own way configures them
/// (Cms:HomeLabel, Cms:BylineRoleLabels:&lt;code&gt;, Cms:LocalTimeOffset); roles it does not name keep their defaults.</summary>
public sealed class ArticlePortalSettingsTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:HomeLabel"] = "吉网首页",
        ["Cms:BylineRoleLabels:editor"] = "责任编辑",
        ["Cms:LocalTimeOffset"] = "09:00",
    };

    [Test]
    public async Task The_home_label_role_labels_and_time_zone_follow_the_configuration()
    {
        var (editor, correspondent) = (await Given.AuthorAsync("金作超"), await Given.AuthorAsync("李雪"));
        var article = await Given.ArticleAsync(
            publishedAt: DateTimeOffset.Parse(ArticleApi.SeedPublishedAt, System.Globalization.CultureInfo.InvariantCulture),
            bylines: [new { authorId = correspondent.Id(), role = "correspondent" }, new { authorId = editor.Id(), role = "editor" }]);

        var page = await (await Anonymous.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)page["breadcrumb"]?[0]?["label"], Is.EqualTo("吉网首页"));
        Assert.That(page["bylines"]!.AsArray().Select(b => (string)b!["roleLabel"]!), Is.EqualTo(new[] { "通讯员", "责任编辑" }));
        Assert.That((string?)page["publishedAtLocal"], Is.EqualTo("2024-01-02T15:36:00+09:00"));
    }
}
