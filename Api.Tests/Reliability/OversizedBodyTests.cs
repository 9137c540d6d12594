using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>Bodies larger than the API takes are refused with a 413 problem before anything is saved: JSON writes over
/// the request size limit, uploads over the upload limit.</summary>
public sealed class OversizedBodyTests : HostileInputFixture
{
    /// <summary>Kestrel's default MaxRequestBodySize: the API sets no smaller limit of its own for JSON writes, so this
    /// is the largest JSON body production takes.</summary>
    const int JsonLimitBytes = 30_000_000;

    const int UploadLimitBytes = 64 * 1024;

    ValidBodies bodies = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:MaxUploadBytes"] = UploadLimitBytes.ToString(CultureInfo.InvariantCulture),
    };

    [OneTimeSetUp]
    public void PrepareValidBodies() => bodies = new ValidBodies(Given);

    /// <summary>A JSON body is read by one of two readers, whatever the endpoint: the binder of JSON requests or the
    /// merge patch of PATCH requests. One write of each, with the largest legitimate bodies (articles), stands for all.</summary>
    static IEnumerable<TestCaseData> OneWritePerBodyReader() =>
        ContractOperations.Cases(ContractOperations.JsonWrites.Where(o => o.Path.StartsWith(ApiRoutes.Template(ListArticlesRequest.Route), StringComparison.Ordinal))
            .GroupBy(o => o.JsonBodyType).Select(g => g.First()));

    [TestCaseSource(nameof(OneWritePerBodyReader))]
    public async Task A_JSON_write_over_the_request_size_limit_is_a_413_problem_and_saves_nothing(string operation)
    {
        var op = ContractOperations.Named(operation);
        var target = await bodies.ForAsync(op);
        var body = PaddedWithWhitespace(target.Body(), JsonLimitBytes + 1);
        var before = Database.Take();

        using var request = new HttpRequestMessage(new HttpMethod(op.Method), target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(op.JsonBodyType!);
        using var res = await Admin.SendAsync(request);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That((string?)problem["detail"], Is.Not.Null.And.Not.Empty);
        Assert.That(Database.Take(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_upload_over_the_upload_limit_is_a_413_problem_and_saves_nothing()
    {
        var before = Database.Take();

        using var res = await Given.UploadAsync(MediaBytes.PaddedTo(TestImages.Jpeg(), UploadLimitBytes + 1), "mmexport1704177120277.jpg");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That((string?)problem["detail"], Is.Not.Null.And.Not.Empty);
        Assert.That(Database.Take(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_upload_over_the_upload_limit_without_a_length_is_a_413_problem_and_saves_nothing()
    {
        var before = Database.Take();
        var form = new MultipartFormDataContent();
        var file = new StreamContent(new MemoryStream(MediaBytes.PaddedTo(TestImages.Jpeg(), UploadLimitBytes * 4)));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "mmexport1704177120277.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.For(UploadMediaRequest.Route)) { Content = form };
        request.Headers.TransferEncodingChunked = true;

        using var res = await Admin.SendAsync(request);

        await res.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(Database.Take(), Is.EqualTo(before));
    }

    /// <summary>The valid body, spaces after it up to <paramref name="bytes"/>: still valid JSON, so a server without a
    /// limit reads all of it (cheaply: no string is built) and accepts it.</summary>
    static byte[] PaddedWithWhitespace(JsonObject body, int bytes)
    {
        var json = Mutations.Utf8(body);
        var padded = new byte[Math.Max(bytes, json.Length)];
        json.CopyTo(padded, 0);
        Array.Fill(padded, (byte)' ', json.Length, padded.Length - json.Length);
        return padded;
    }
}
