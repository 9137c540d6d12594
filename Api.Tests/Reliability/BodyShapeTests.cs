using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>Bodies of the wrong kind on every write of the contract: another content type is a 415, bytes that are not
/// UTF-8 and nesting deeper than any of our documents are a 400; each a problem document, and nothing is saved.</summary>
public sealed class BodyShapeTests : HostileInputFixture
{
    ValidBodies bodies = null!;

    [OneTimeSetUp]
    public void PrepareValidBodies() => bodies = new ValidBodies(Given);

    static IEnumerable<TestCaseData> JsonWrites() => ContractOperations.Cases(ContractOperations.JsonWrites);

    static IEnumerable<TestCaseData> Uploads() =>
        ContractOperations.Cases(ContractOperations.All.Where(o => o.BodyTypes.Contains("multipart/form-data")));

    [TestCaseSource(nameof(JsonWrites))]
    public async Task A_JSON_write_sent_as_another_content_type_is_a_415_problem_and_saves_nothing(string operation)
    {
        var op = ContractOperations.Named(operation);
        var target = await bodies.ForAsync(op);
        var body = target.Body();
        var json = Mutations.Utf8(body);
        var form = body.Where(p => p.Value is JsonValue).Select(p => (p.Key, p.Value!.ToString())).ToList();
        var wrong = new List<(string Name, HttpContent Content)>
        {
            ("text/plain", Typed(json, "text/plain; charset=utf-8")),
            ("application/xml", Typed("<station><slug>songyuan</slug></station>"u8.ToArray(), "application/xml")),
            ("application/x-www-form-urlencoded", new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Item2)))),
            ("multipart/form-data", Multipart(form)),
        };
        if (op.Method == "PATCH") { wrong.Add(("application/json on a merge patch", Typed(json, "application/json"))); }

        var failures = await SendAllAsync(op, target.Url, wrong, HttpStatusCode.UnsupportedMediaType);

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [TestCaseSource(nameof(Uploads))]
    public async Task An_upload_sent_as_JSON_or_text_is_a_415_problem_and_saves_nothing(string operation)
    {
        var op = ContractOperations.Named(operation);
        var wrong = new List<(string Name, HttpContent Content)>
        {
            ("application/json", Typed("""{"file": "/9j/4AAQSkZJRgABAQ==", "caption": "会议现场"}"""u8.ToArray(), "application/json")),
            ("text/plain", Typed("file=mmexport1704177120277.jpg"u8.ToArray(), "text/plain")),
            ("application/octet-stream", Typed(TestImages.Jpeg(), "application/octet-stream")),
        };

        var failures = await SendAllAsync(op, op.Path, wrong, HttpStatusCode.UnsupportedMediaType);

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public async Task A_write_whose_body_has_no_content_type_is_a_415_problem_and_saves_nothing()
    {
        var failures = new List<string>();

        foreach (var op in ContractOperations.JsonWrites)
        {
            var target = await bodies.ForAsync(op);
            failures.AddRange(await SendAllAsync(op, target.Url, [("no content type", new ByteArrayContent(Mutations.Utf8(target.Body())))],
                HttpStatusCode.UnsupportedMediaType));
        }
        foreach (var op in ContractOperations.All.Where(o => o.BodyTypes.Contains("multipart/form-data")))
        {
            failures.AddRange(await SendAllAsync(op, op.Path, [("no content type", new ByteArrayContent(TestImages.Jpeg()))],
                HttpStatusCode.UnsupportedMediaType));
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [TestCaseSource(nameof(JsonWrites))]
    public async Task A_JSON_write_that_is_not_UTF8_is_a_400_problem_and_saves_nothing(string operation)
    {
        var op = ContractOperations.Named(operation);
        var target = await bodies.ForAsync(op);
        var text = Mutations.Text(target.Body());
        var firstString = text.IndexOf(":\"", StringComparison.Ordinal) + 2;
        byte[] Inside(params byte[] bytes) =>
            [.. Encoding.UTF8.GetBytes(text[..firstString]), .. bytes, .. Encoding.UTF8.GetBytes(text[firstString..])];
        var wrong = new List<(string Name, HttpContent Content)>
        {
            ("a stray continuation byte", Typed(Inside(0x80), op.JsonBodyType!)),
            ("an overlong slash", Typed(Inside(0xC0, 0xAF), op.JsonBodyType!)),
            ("a surrogate encoded in UTF-8", Typed(Inside(0xED, 0xA0, 0x80), op.JsonBodyType!)),
            ("a code point above U+10FFFF", Typed(Inside(0xF4, 0x90, 0x80, 0x80), op.JsonBodyType!)),
            ("a truncated sequence", Typed(Inside(0xE6, 0x9D), op.JsonBodyType!)),
            ("Latin-1 text", Typed(Inside(0xE9, 0x74, 0xE9), op.JsonBodyType!)),
            ("a property name with 0xFF", Typed([(byte)'{', (byte)'"', 0xFF, .. Encoding.UTF8.GetBytes(text[2..])], op.JsonBodyType!)),
        };

        var failures = await SendAllAsync(op, target.Url, wrong, HttpStatusCode.BadRequest);

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [TestCaseSource(nameof(JsonWrites))]
    public async Task Deeply_nested_JSON_in_a_write_is_a_400_problem_and_saves_nothing(string operation)
    {
        var op = ContractOperations.Named(operation);
        var target = await bodies.ForAsync(op);
        var text = Mutations.Text(target.Body());
        byte[] WithExtra(string deep) => Encoding.UTF8.GetBytes(text[..^1] + ",\"deep\":" + deep + "}");
        var wrong = new List<(string Name, HttpContent Content)>
        {
            ("a body of 10,000 nested arrays", Typed(Encoding.UTF8.GetBytes(Mutations.DeepArrays), op.JsonBodyType!)),
            ("a body of 10,000 nested objects", Typed(Encoding.UTF8.GetBytes(Mutations.DeepObjects), op.JsonBodyType!)),
            ("a property of 10,000 nested arrays", Typed(WithExtra(Mutations.DeepArrays), op.JsonBodyType!)),
            ("a property of 40 nested arrays", Typed(WithExtra(new string('[', 40) + new string(']', 40)), op.JsonBodyType!)),
            ("a property of 100 nested objects", Typed(WithExtra(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)), op.JsonBodyType!)),
        };

        var failures = await SendAllAsync(op, target.Url, wrong, HttpStatusCode.BadRequest);

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    async Task<List<string>> SendAllAsync(ContractOperation op, string url, List<(string Name, HttpContent Content)> bodiesToSend, HttpStatusCode expected)
    {
        var failures = new List<string>();
        var before = Database.Take();
        foreach (var (name, content) in bodiesToSend)
        {
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), url) { Content = content };
            using var res = await Admin.SendAsync(request);
            var (text, wrong) = await HostileAnswers.CheckAsync(res);
            if (wrong is null && res.StatusCode != expected) { wrong = $"answered {(int)res.StatusCode}, not {(int)expected}"; }
            var after = Database.Take();
            if (after != before) { wrong = (wrong is null ? "" : wrong + "; ") + "the database changed:\n" + DatabaseFingerprint.Difference(before, after); }
            if (wrong is not null) { failures.Add($"{op.Key} with {name}: {wrong}\n    got {HostileAnswers.Show(text)}"); }
            before = after;
        }
        return failures;
    }

    static ByteArrayContent Typed(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    static MultipartFormDataContent Multipart(IEnumerable<(string Name, string Value)> fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) { form.Add(new StringContent(value), name); }
        return form;
    }
}
