using System.Diagnostics;
using System.IO.Compression;

namespace Cms.Api.Tests.Contract;

/// <summary>Sits next to the test host in every client the suite makes (see CmsFactory) and hands each response to
/// <see cref="ContractValidation"/>. A JSON body is buffered first, so the test reads it as if nothing had looked at it;
/// other bodies (images, XML feeds) are left unread and only their type is checked. In strict mode a violation fails
/// the test that received the response.</summary>
public sealed class ContractValidatingHandler(
    ContractValidationMode? mode = null,
    Func<ObservedResponse, TimeSpan, IReadOnlyList<ContractViolation>>? observe = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((mode ?? ContractValidation.Mode) == ContractValidationMode.Off) { return response; }
        var started = Stopwatch.GetTimestamp();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        byte[]? body = null;
        if (request.Method != HttpMethod.Head && ResponseValidator.IsJson(mediaType))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = Decoded(await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentEncoding);
        }
        else if (mediaType is null && request.Method != HttpMethod.Head && response.Content.Headers.ContentLength is null or > 0)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        var headers = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString.Split('?')[0] ?? "/";
        var violations = (observe ?? ContractValidation.Observe)(
            new ObservedResponse(request.Method.Method, path, (int)response.StatusCode, mediaType, headers, body), Stopwatch.GetElapsedTime(started));
        if (violations.Count > 0 && (mode ?? ContractValidation.Mode) == ContractValidationMode.Strict)
        {
            response.Dispose();
            throw new AssertionException($"The response breaks openapi.yaml:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
        }
        return response;
    }

    /// <summary>The body as the server meant it, when it came compressed (TestServer does not decompress).</summary>
    static byte[] Decoded(byte[] body, ICollection<string> encodings)
    {
        if (encodings.Count == 0 || body.Length == 0) { return body; }
        var data = body;
        foreach (var encoding in encodings.Reverse())
        {
            using var input = new MemoryStream(data);
            using Stream decoder = encoding.ToLowerInvariant() switch
            {
                "gzip" => new GZipStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                _ => input,
            };
            using var output = new MemoryStream();
            decoder.CopyTo(output);
            data = output.ToArray();
        }
        return data;
    }
}
