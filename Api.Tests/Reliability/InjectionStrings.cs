namespace Cms.Api.Tests.Reliability;

/// <summary>A value as it goes into a URL: <see cref="Encoded"/> is put in the query or path as it is.</summary>
public sealed record Injection(string Name, string Encoded)
{
    public override string ToString() => Name;
}

/// <summary>Hostile values for query and route parameters, from the OWASP Web Security Testing Guide (SQL injection,
/// XSS, path traversal, CRLF, format strings, template and command injection) and common fuzz lists, plus the
/// syntax of SQLite's FTS5, which the search reads.</summary>
public static class InjectionStrings
{
    public static readonly IReadOnlyList<Injection> All =
    [
        Text("' OR 1=1 --"),
        Text("\" OR \"\"=\""),
        Text("1; DROP TABLE articles"),
        Text("\") UNION SELECT name, sql FROM sqlite_master --"),
        Text("' UNION SELECT NULL, NULL, NULL --"),
        Text("1 AND (SELECT count(*) FROM api_keys) > 0"),
        Text("' AND randomblob(1000000000) --"),
        Text("\""),
        Text("*"),
        Text("NEAR("),
        Text("title:"),
        Text("a OR b NOT c AND"),
        Text("^\"吉林\" + -"),
        Text("{title summary}: x"),
        Text("<script>alert(1)</script>"),
        Text("javascript:alert(1)"),
        Text("../../etc/passwd"),
        Text("..\\..\\windows\\win.ini"),
        Raw("%00", "%00"),
        Raw("a NUL in the middle", "a%00b"),
        Raw("CRLF with a header", "%0d%0aSet-Cookie:x=1"),
        Raw("percent-encoded dot-dot-slash", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
        Raw("double-encoded", "%252e%252e%252f"),
        Text("%s%n%x%d"),
        Text("{{7*7}}"),
        Text("${7*7}"),
        Text(";ls -la"),
        Text("$(id)"),
        Text("-1"),
        Text("99999999999999999999999"),
        Text("1e400"),
        Text("NaN"),
        Text(new string('a', 10_000)),
        Text("\u202e" + "txt.exe"),
        Text("😀🇨🇳"),
        Text("长岭县' OR 1=1 --"),
        Raw("a lone surrogate, percent-encoded", "%ED%A0%80"),
        Raw("invalid UTF-8", "%FF%FE"),
        Raw("an overlong slash", "%C0%AF"),
        Text("{\"$ne\": null}"),
    ];

    static Injection Text(string value) =>
        new(value.Length > 60 ? $"{value.Length:N0} × '{value[0]}'" : value, Uri.EscapeDataString(value));

    static Injection Raw(string name, string encoded) => new(name, encoded);
}
