using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>An example body per operation that succeeds as it stands against the demo portal (Api/Data/Demo): its
/// stations, channels, authors, images and article 3808167. ContractExampleTests sends each one.</summary>
public static class RequestExamples
{
    const string Article = """
        {"title": "共青团长岭县委全面发力 多链条打造团干部队伍建设", "subtitle": "长岭县基层团组织改革纪实",
         "summary": "长岭县团委从选拔、培养、管理三个环节入手,建设一支政治过硬的团干部队伍。",
         "bodyHtml": "<p>今年以来,共青团长岭县委坚持党建带团建,多链条打造团干部队伍。</p>",
         "stationId": 1, "channelId": 1, "source": "长岭县融媒体中心", "credit": "图文来源:长岭县团委",
         "bylines": [{"authorId": 1, "role": "correspondent"}, {"authorId": 3, "role": "editor"}],
         "tags": ["共青团", "长岭县"], "coverMediaId": 1, "media": [{"mediaId": 1, "caption": "长岭县团干部培训现场。"}]}
        """;

    static readonly Dictionary<string, string> ByOperation = new()
    {
        ["CreateArticle"] = Article.Replace("\"title\": \"共青团长岭县委全面发力 多链条打造团干部队伍建设\"", "\"title\": \"长岭县召开2024年共青团工作会议\"", StringComparison.Ordinal)
            .Replace("\"stationId\": 1", "\"status\": \"draft\", \"stationId\": 1", StringComparison.Ordinal),
        ["UpdateArticle"] = Article,
        ["PatchArticle"] = """{"subtitle": null, "summary": "长岭县团委多链条打造团干部队伍。", "tags": ["共青团", "长岭县", "团干部"]}""",
        ["PublishArticle"] = """{"publishAt": "2024-01-02T14:36:00+08:00"}""",
        ["CreateAuthor"] = """{"slug": "zhang-min", "name": "张敏", "bio": "长春站记者,跑城建与交通。", "avatarMediaId": null, "email": "zhang.min@example.com"}""",
        ["UpdateAuthor"] = """{"slug": "li-xue", "name": "李雪", "bio": "长岭县通讯员,关注共青团与基层组织。", "avatarMediaId": null, "email": null}""",
        ["PatchAuthor"] = """{"bio": "长岭县通讯员。"}""",
        ["CreateChannel"] = """{"slug": "tiyu", "name": "体育", "sortOrder": 30}""",
        ["UpdateChannel"] = """{"slug": "yaowen", "name": "要闻", "sortOrder": 10}""",
        ["PatchChannel"] = """{"sortOrder": 5}""",
        ["CreateStation"] = """{"slug": "baicheng", "name": "白城站", "description": "白城市及所辖县区的新闻。", "hotline": "0436-3222222", "sortOrder": 50}""",
        ["UpdateStation"] = """{"slug": "songyuan", "name": "松原站", "description": "松原市及所辖县区的新闻。", "hotline": "0438-2222222", "sortOrder": 10}""",
        ["PatchStation"] = """{"hotline": "0438-3333333"}""",
        ["CreateKey"] = """{"name": "松原站投稿系统", "role": "contributor", "stationIds": [1], "expiresAt": "2030-12-31T23:59:59+08:00", "readOnly": false}""",
        ["UpdateMedia"] = """{"alt": "长岭县团干部培训现场", "caption": "长岭县团干部培训现场。", "credit": "长岭县团委", "focalX": 0.5, "focalY": 0.4}""",
        ["PatchMedia"] = """{"credit": "吉网记者 赵磊"}""",
        ["RenameTag"] = """{"from": "冬捕", "to": "查干湖冬捕"}""",
    };

    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is null || !ByOperation.TryGetValue(operation.OperationId, out var example)) { return; }
        foreach (var (type, media) in operation.RequestBody?.Content ?? new Dictionary<string, IOpenApiMediaType>())
        {
            if (type.Contains("json", StringComparison.Ordinal) && media is OpenApiMediaType body) { body.Example = JsonNode.Parse(example); }
        }
    }
}
