using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cms.Faults;

/// <summary>One answer, read whole: status, content type and body text.</summary>
public sealed record Answer(int Status, string? ContentType, string Body)
{
    public bool Ok => Status is >= 200 and < 300;

    public bool IsProblem => ContentType is not null && ContentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase);

    public JsonNode? Json()
    {
        try { return JsonNode.Parse(Body); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}

/// <summary>How a request failed to get an answer.</summary>
public enum Failure
{
    /// <summary>Nothing listened: the request was never accepted.</summary>
    Refused,

    /// <summary>The connection broke after the request was sent, before a whole answer came back.</summary>
    Reset,

    Timeout,
    Other,
}

public sealed class FailedRequestException(Failure failure, Exception inner) : Exception(inner.Message, inner)
{
    public Failure Failure { get; } = failure;
}

public static class Api
{
    public static HttpClient Client(int connections, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(1, connections),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
    })
    {
        Timeout = timeout,
    };

    public static HttpRequestMessage Request(HttpMethod method, Uri baseUri, string path, string? key)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUri, path.TrimStart('/')));
        if (key is not null) { request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key); }
        return request;
    }

    public static HttpRequestMessage JsonRequest(HttpMethod method, Uri baseUri, string path, string key, JsonNode body, string contentType = "application/json")
    {
        var request = Request(method, baseUri, path, key);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType);
        return request;
    }

    /// <summary>Sends and reads the whole answer; a missing answer is a <see cref="FailedRequestException"/> saying why.
    /// Cancellation through <paramref name="ct"/> passes through as OperationCanceledException.</summary>
    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (TaskCanceledException ex) { throw new FailedRequestException(Failure.Timeout, ex); }
            catch (HttpRequestException ex) { throw new FailedRequestException(Classify(ex), ex); }
            catch (IOException ex) { throw new FailedRequestException(Failure.Reset, ex); }
        }
    }

    static Failure Classify(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError when ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } => Failure.Refused,
        HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError => Failure.Reset,
        _ when ex.InnerException is IOException => Failure.Reset,
        _ => Failure.Other,
    };

    public static async Task<Answer> GetAsync(HttpClient client, Uri baseUri, string path, string? key, CancellationToken ct) =>
        await SendAsync(client, Request(HttpMethod.Get, baseUri, path, key), ct);

    public static Answer Expect(Answer answer, params HttpStatusCode[] statuses) =>
        statuses.Any(s => (int)s == answer.Status) ? answer
            : throw new InvalidOperationException($"Unexpected {answer.Status}: {Truncate(answer.Body, 400)}");

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
