using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Dapper;

namespace Cms.Api.Data.Demo;

/// <summary>Fills a new database with a small Jilin news portal, built around the real page of article 3808167
/// (松原站 > 要闻). Runs only on a database that has no stations yet, and records that it ran.</summary>
public sealed class DemoContentSeeder(
    Db db, StationRepository stations, ChannelRepository channels, AuthorRepository authors,
    MediaFileStore files, MediaLibrary media, ArticleRepository articles, ArticleHtmlSanitizer sanitizer)
{
    const string ShouldSeed = """
        SELECT NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'demo_seeded_at')
           AND NOT EXISTS (SELECT 1 FROM stations)
        """;

    const string MarkSeeded = "INSERT INTO app_settings (key, value) VALUES ('demo_seeded_at', @now)";

    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <returns>True when content was seeded by this call.</returns>
    public async Task<bool> SeedOnceAsync(CancellationToken ct)
    {
        await using (var c = await db.OpenAsync(ct))
        {
            if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(ShouldSeed, cancellationToken: ct))) { return false; }
        }

        var songyuan = await stations.CreateAsync(new StationFields("songyuan", "松原站", "松原市及所辖县区的新闻。", "0431-82902222", 10), ct);
        var changchun = await stations.CreateAsync(new StationFields("changchun", "长春站", "省会长春的新闻。", "0431-82902222", 20), ct);
        var jilin = await stations.CreateAsync(new StationFields("jilin", "吉林站", "吉林市的新闻。", "0431-82902222", 30), ct);
        var siping = await stations.CreateAsync(new StationFields("siping", "四平站", "四平市的新闻。", "0431-82902222", 40), ct);

        var songyuanHeadlines = await channels.CreateAsync(songyuan.Id, new ChannelFields("yaowen", "要闻", 10), ct);
        var songyuanLife = await channels.CreateAsync(songyuan.Id, new ChannelFields("minsheng", "民生", 20), ct);
        var changchunHeadlines = await channels.CreateAsync(changchun.Id, new ChannelFields("yaowen", "要闻", 10), ct);
        await channels.CreateAsync(changchun.Id, new ChannelFields("minsheng", "民生", 20), ct);
        var jilinHeadlines = await channels.CreateAsync(jilin.Id, new ChannelFields("yaowen", "要闻", 10), ct);
        var sipingHeadlines = await channels.CreateAsync(siping.Id, new ChannelFields("yaowen", "要闻", 10), ct);

        var liXue = await authors.CreateAsync(new AuthorFields("li-xue", "李雪", "长岭县通讯员。", null, null), ct);
        var muWenshu = await authors.CreateAsync(new AuthorFields("mu-wenshu", "穆汶姝", "长岭县通讯员。", null, null), ct);
        var jinZuochao = await authors.CreateAsync(new AuthorFields("jin-zuochao", "金作超", "吉网编辑。", null, "jin.zuochao@example.com"), ct);
        var wangFang = await authors.CreateAsync(new AuthorFields("wang-fang", "王芳", "松原站记者。", null, null), ct);
        var zhaoLei = await authors.CreateAsync(new AuthorFields("zhao-lei", "赵磊", "摄影记者。", null, null), ct);

        var photos = new List<MediaRow>
        {
            await UploadAsync("mmexport1704177120277.jpg", DemoImages.Jpeg(1280, 960, 20), "团干部队伍建设工作会议现场", "共青团长岭县委", ct),
            await UploadAsync("mmexport1704177122056.png", DemoImages.Png(960, 720, 80), "“红领巾心向党”主题团队日活动", "共青团长岭县委", ct),
            await UploadAsync("mmexport1704177123814.png", DemoImages.Png(960, 720, 140), "青年志愿者参与防汛物资捐赠", "共青团长岭县委", ct),
            await UploadAsync("mmexport1704177125521.png", DemoImages.Png(960, 720, 200), "青年讲师团专题讲座录制", "共青团长岭县委", ct),
            await UploadAsync("mmexport1704177127916.png", DemoImages.Png(960, 720, 260), "青年文明号创建集体合影", "共青团长岭县委", ct),
        };
        var avatar = await UploadAsync("wang-fang.jpg", DemoImages.Jpeg(400, 400, 300), null, null, ct);
        await authors.UpdateAsync(wangFang.Id, new AuthorFields("wang-fang", "王芳", "松原站记者。", avatar.Id, null), IfMatch.Anything, ct);
        var riverPhoto = await UploadAsync("chagan-lake.jpg", DemoImages.Jpeg(1600, 900, 190), "查干湖冬捕现场", "赵磊", ct);
        var marketPhoto = await UploadAsync("market.jpg", DemoImages.Jpeg(1200, 800, 40), "早市上的冬季蔬菜", "王芳", ct);

        await CreateAsync(3808167, new ArticleFieldsBuilder
        {
            Title = "共青团长岭县委全面发力 多链条打造团干部队伍建设",
            Summary = "长岭县推进县域共青团基层组织改革,从选拔、培养到使用,多链条充实团干部队伍。",
            Body = SeedArticleBody(photos),
            StationId = songyuan.Id,
            ChannelId = songyuanHeadlines.Id,
            PublishedAt = new DateTimeOffset(2024, 1, 2, 14, 36, 0, Beijing),
            Source = "中国吉林网",
            Credit = "共青团长岭县委",
            Bylines = [new(liXue.Id, "correspondent"), new(muWenshu.Id, "correspondent"), new(jinZuochao.Id, "editor")],
            Tags = ["共青团", "长岭县", "基层组织改革"],
            CoverMediaId = photos[0].Id,
            Media = photos.Select(p => new ArticleMediaFields(p.Id, null)).ToList(),
        }, ct);

        await CreateAsync(null, new ArticleFieldsBuilder
        {
            Title = "查干湖冬捕开幕 头鱼拍出好价钱",
            Summary = "冰面上人头攒动,渔把头一声号令,今冬第一网出水。",
            Body = $"""<p>清晨的查干湖零下二十多度,冰面上早早聚满了游客和拍摄爱好者。</p><figure><img src="/api/v1/media/{riverPhoto.Id}/content" alt="查干湖冬捕"><figcaption>查干湖冬捕现场</figcaption></figure><p>当地渔场介绍,今年冬捕将持续到春节前后。</p>""",
            StationId = songyuan.Id,
            ChannelId = songyuanHeadlines.Id,
            PublishedAt = new DateTimeOffset(2024, 12, 28, 9, 10, 0, Beijing),
            Source = "中国吉林网",
            Bylines = [new(wangFang.Id, "reporter"), new(zhaoLei.Id, "photographer"), new(jinZuochao.Id, "editor")],
            Tags = ["查干湖", "冬捕", "旅游"],
            CoverMediaId = riverPhoto.Id,
            Media = [new(riverPhoto.Id, "查干湖冬捕现场,渔工收网。")],
        }, ct);

        await CreateAsync(null, new ArticleFieldsBuilder
        {
            Title = "松原早市冬季蔬菜供应充足 价格平稳",
            Summary = "入冬以来,城区各早市的蔬菜品种丰富,价格总体平稳。",
            Body = "<p>记者走访城区几处早市发现,白菜、土豆、萝卜等冬储菜供应充足。</p><ul><li>白菜每斤八角左右</li><li>土豆每斤一元左右</li></ul>",
            StationId = songyuan.Id,
            ChannelId = songyuanLife.Id,
            PublishedAt = new DateTimeOffset(2024, 12, 20, 7, 30, 0, Beijing),
            Source = "中国吉林网",
            Bylines = [new(wangFang.Id, "reporter")],
            Tags = ["民生", "物价"],
            CoverMediaId = marketPhoto.Id,
            Media = [new(marketPhoto.Id, null)],
        }, ct);

        await CreateAsync(null, new ArticleFieldsBuilder
        {
            Title = "长春地铁新线开通试运营",
            Summary = "新线串起城区南北,沿线居民出行时间明显缩短。",
            Body = "<p>新线全长二十余公里,设站十余座,开通首日客流平稳有序。</p>",
            StationId = changchun.Id,
            ChannelId = changchunHeadlines.Id,
            PublishedAt = new DateTimeOffset(2024, 12, 26, 10, 0, 0, Beijing),
            Source = "中国吉林网",
            Bylines = [new(zhaoLei.Id, "writer")],
            Tags = ["交通", "地铁"],
        }, ct);

        await CreateAsync(null, new ArticleFieldsBuilder
        {
            Title = "吉林市雾凇冰雪节将于下月举办",
            Summary = "松花江畔的雾凇季即将到来,冰雪节活动安排公布。",
            Body = "<p>主办方介绍,今年冰雪节设置观赏、体验和文艺演出三大板块。</p>",
            StationId = jilin.Id,
            ChannelId = jilinHeadlines.Id,
            PublishedAt = new DateTimeOffset(2024, 12, 15, 16, 20, 0, Beijing),
            Source = "中国吉林网",
            Bylines = [new(jinZuochao.Id, "editor")],
            Tags = ["雾凇", "旅游", "冰雪"],
        }, ct);

        await CreateAsync(null, new ArticleFieldsBuilder
        {
            Title = "四平市春耕备耕工作部署(草稿)",
            Summary = "编辑部尚未发布的稿件:只有带 API key 的请求能看到它。",
            Body = "<p>稿件待补充。</p>",
            StationId = siping.Id,
            ChannelId = sipingHeadlines.Id,
            Status = ArticleLifecycleStatus.Draft,
            Bylines = [new(wangFang.Id, "reporter")],
            Tags = ["春耕"],
        }, ct);

        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(MarkSeeded, new { now = db.NowUtc() }, tx, cancellationToken: ct)), ct);
        return true;
    }

    async Task<MediaRow> UploadAsync(string fileName, byte[] bytes, string? caption, string? credit, CancellationToken ct)
    {
        using var content = new MemoryStream(bytes);
        var staged = await files.StageAsync(content, ct);
        return await media.SaveUploadAsync(staged, fileName, new MediaText(caption, caption, credit, null, null), null, ct);
    }

    Task<long> CreateAsync(long? id, ArticleFieldsBuilder a, CancellationToken ct)
    {
        var body = sanitizer.Sanitize(a.Body);
        return articles.CreateAsync(id, new ArticleFields(
            a.Title, null, a.Summary, body.Html, a.StationId, a.ChannelId, a.Status,
            a.PublishedAt is { } p ? Infrastructure.Timestamps.Format(p) : null,
            a.Source, a.Credit, a.Bylines, a.Tags, a.CoverMediaId, a.Media, body.InlineMediaIds), Actor.System, ct);
    }

    sealed class ArticleFieldsBuilder
    {
        public required string Title { get; init; }
        public required string Summary { get; init; }
        public required string Body { get; init; }
        public required long StationId { get; init; }
        public required long ChannelId { get; init; }
        public ArticleLifecycleStatus Status { get; init; } = ArticleLifecycleStatus.Published;
        public DateTimeOffset? PublishedAt { get; init; }
        public string? Source { get; init; }
        public string? Credit { get; init; }
        public IReadOnlyList<BylineFields> Bylines { get; init; } = [];
        public IReadOnlyList<string> Tags { get; init; } = [];
        public long? CoverMediaId { get; init; }
        public IReadOnlyList<ArticleMediaFields> Media { get; init; } = [];
    }

    /// <summary>The body of the demo copy of article 3808167: the original's structure and facts, retold briefly.</summary>
    static string SeedArticleBody(List<MediaRow> photos)
    {
        string Figure(MediaRow m) => $"""<figure><img src="/api/v1/media/{m.Id}/content" alt="{m.Alt}"><figcaption>{m.Caption}</figcaption></figure>""";
        return $"""
            <p>近年来,共青团长岭县委按照上级团组织的部署,稳步推进县域共青团基层组织改革,把充实团干部队伍作为重点来抓。</p>
            <h2>多样化“选”:打通源头“储备链”</h2>
            <p>县委现有专职、挂职、兼职等各类工作力量共19名,全县25个乡镇街道均已配齐团委书记(负责人),干部配备率和在岗率都达到100%。</p>
            {Figure(photos[0])}
            <h2>精细化“育”:打通能力“提升链”</h2>
            <p>围绕为党育人,县里组织了“清明网上祭英烈”等活动,网上点击量超过9万次;一年来开展主题团队日活动150余场。</p>
            {Figure(photos[1])}
            <p>在服务大局方面,县委编制了青年助力乡村振兴五年规划,组织数百名志愿者参与疫情防控,并在汛期捐赠价值2.7万元的防汛物资。</p>
            {Figure(photos[2])}
            <h3>建设三支队伍</h3>
            <ul><li>青年讲师团:录制专题讲座60期。</li><li>青年志愿者协会:开展环境整治、花籽收集等志愿活动。</li><li>青年文明号:多个集体获评省级青年文明号。</li></ul>
            {Figure(photos[3])}
            {Figure(photos[4])}
            <h2>多方面“用”:打通基层队伍“渠道链”</h2>
            <p>依托新媒体阵地、大学生“返家乡”社会实践和青年工作联席会议,基层组织的活力和队伍能力不断提升。2022年,“返家乡”工作获共青团中央表扬。</p>
            <p>下一步,共青团长岭县委将继续深化改革,确保各项举措在基层落地见效。</p>
            """;
    }
}
