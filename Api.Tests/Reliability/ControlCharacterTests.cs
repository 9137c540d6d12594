using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>Issue #13 row 5: a control character in any text of any JSON write (title, summary, alt, caption, names,
/// slugs…) is refused with a 400 that names the field, and nothing is saved. Tab, and line breaks where the text has
/// lines, are text.</summary>
public sealed class ControlCharacterTests : HostileInputFixture
{
    ValidBodies bodies = null!;

    [OneTimeSetUp]
    public void PrepareValidBodies() => bodies = new ValidBodies(Given);

    static IEnumerable<TestCaseData> Writes() => ContractOperations.Cases(ContractOperations.JsonWrites);

    /// <summary>U+0001 (the one the review used), U+001F, DEL and a C1 control (NEL).</summary>
    static readonly string[] Controls = ["\u0001", "\u001F", "\u007F", "\u0085"];

    [TestCaseSource(nameof(Writes))]
    public async Task A_control_character_in_any_text_field_is_refused_naming_the_field(string operation)
    {
        var op = ContractOperations.Named(operation);
        var target = await bodies.ForAsync(op);
        var fields = TextFields(target.Body()).ToList();
        var failures = new List<string>();
        var before = Database.Take();
        foreach (var (field, index) in fields.Select((f, i) => (f, i)))
        {
            var control = Controls[index % Controls.Length];
            var body = target.Body();
            var value = Find(body, field)!;
            var text = (string)value!;
            value.ReplaceWith(JsonValue.Create(text[..(text.Length / 2)] + control + text[(text.Length / 2)..]));

            using var res = await SendAsync(op, target.Url, body);
            var answer = await res.Content.ReadAsStringAsync();
            if (res.StatusCode != HttpStatusCode.BadRequest) { failures.Add($"{field} (U+{(int)control[0]:X4}): {(int)res.StatusCode} {answer}"); continue; }
            var problem = JsonNode.Parse(answer)!;
            if (problem.ErrorsFor(field).Count == 0) { failures.Add($"{field}: the problem does not name it: {answer}"); }
        }

        Assert.That(fields, Is.Not.Empty, $"{operation} has text fields");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(Database.Take(), Is.EqualTo(before), "a refused request saved something");
    }

    [Test]
    public async Task Tab_and_line_breaks_are_accepted_where_the_text_has_lines_but_a_title_has_no_line_break()
    {
        var op = ContractOperations.Named("POST /api/v1/articles");
        var target = await bodies.ForAsync(op);
        var body = target.Body();
        body["summary"] = "长岭县\t推进\r\n县域共青团\n基层组织改革。";
        body["title"] = "共青团长岭县委\t全面发力";
        using (var accepted = await SendAsync(op, target.Url, body))
        {
            await ValidBodies.ExpectAcceptedAsync(accepted, op.Key);
        }

        body = target.Body();
        body["title"] = "共青团长岭县委\n全面发力";
        using var refused = await SendAsync(op, target.Url, body);
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("title"), Is.Not.Empty, problem.ToJsonString());
    }

    /// <summary>The JSON paths (as validation errors name them: bylines[0].role) of the string values of a body.</summary>
    static IEnumerable<string> TextFields(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o) { foreach (var f in TextFields(child, path.Length == 0 ? name : $"{path}.{name}")) { yield return f; } }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) { foreach (var f in TextFields(a[i], $"{path}[{i}]")) { yield return f; } }
                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 0:
                yield return path;
                break;
        }
    }

    static JsonNode? Find(JsonNode body, string path)
    {
        var node = body;
        foreach (var part in path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = part.StartsWith('[') ? node![int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node![part];
        }
        return node;
    }

    Task<HttpResponseMessage> SendAsync(ContractOperation op, string url, JsonObject body)
    {
        var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        HostileAnswers.SetBody(request, Mutations.Utf8(body), op.JsonBodyType!);
        return Admin.SendAsync(request);
    }
}
