using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Creates test data through the public HTTP API, with unique slugs so fixtures never collide.</summary>
public sealed class Given(HttpClient admin)
{
    static int counter;

    public static string UniqueSlug(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<JsonNode> StationAsync(string? slug = null, string name = "松原站", int sortOrder = 0)
    {
        var res = await admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = slug ?? UniqueSlug("station"), name, sortOrder });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public async Task<JsonNode> ChannelAsync(long stationId, string? slug = null, string name = "要闻", int sortOrder = 0)
    {
        var res = await admin.PostJsonAsync(ApiRoutes.For(CreateChannelRequest.Route, stationId), new { slug = slug ?? UniqueSlug("channel"), name, sortOrder });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public async Task<JsonNode> AuthorAsync(string name = "李雪", string? slug = null, string? email = null, long? avatarMediaId = null)
    {
        var res = await admin.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug = slug ?? UniqueSlug("author"), name, email, avatarMediaId });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public async Task<JsonNode> MediaAsync(byte[]? bytes = null, string fileName = "mmexport1704177120277.jpg", string contentType = "image/jpeg",
        string? caption = null)
    {
        var res = await UploadAsync(bytes ?? TestImages.Jpeg(), fileName, contentType, caption);
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string contentType = "image/jpeg", string? caption = null,
        HttpClient? client = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (caption is not null) { form.Add(new StringContent(caption), "caption"); }
        return (client ?? admin).PostAsync(ApiRoutes.For(UploadMediaRequest.Route), form);
    }

    /// <summary>A station with one channel, the minimum an article needs.</summary>
    public async Task<(long StationId, long ChannelId)> SectionAsync()
    {
        var station = await StationAsync();
        var channel = await ChannelAsync((long)station["id"]!);
        return ((long)station["id"]!, (long)channel["id"]!);
    }

    public async Task<JsonNode> ArticleAsync(
        string title = "共青团长岭县委全面发力 多链条打造团干部队伍建设",
        string status = "published",
        DateTimeOffset? publishedAt = null,
        (long StationId, long ChannelId)? section = null,
        object[]? bylines = null,
        string[]? tags = null,
        long? id = null,
        string? bodyHtml = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>")
    {
        var (stationId, channelId) = section ?? await SectionAsync();
        var res = await admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), new
        {
            id,
            title,
            bodyHtml,
            stationId,
            channelId,
            status,
            publishedAt,
            bylines = bylines ?? [],
            tags = tags ?? [],
        });
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }
}
