using System.Net.Http.Headers;

namespace KernelGen.Engine.Providers;

/// <summary>
/// What the HTTP layer saw during one attempt of a request: the failing status code and the server's Retry-After.
/// SDKs turn HTTP errors into exceptions of their own that do not all keep the headers, so
/// <see cref="HttpAttemptObserver"/> notes them here for <see cref="RetryingChatClient"/>.
/// </summary>
public sealed class HttpAttempt
{
    static readonly AsyncLocal<HttpAttempt?> CurrentAttempt = new();

    /// <summary>The attempt that the code running now belongs to, if a <see cref="RetryingChatClient"/> started one.</summary>
    internal static HttpAttempt? Current => CurrentAttempt.Value;

    /// <summary>The last failing status code, or null when every response succeeded (or none arrived).</summary>
    public int? FailedStatusCode { get; private set; }

    /// <summary>The Retry-After of the last failing response, as a delay from when it arrived.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>
    /// Starts observing an attempt. The observation is visible to the code this flow calls (an
    /// <see cref="AsyncLocal{T}"/> holds a reference the HTTP handler writes into), not to the caller.
    /// </summary>
    internal static HttpAttempt Begin()
    {
        var attempt = new HttpAttempt();
        CurrentAttempt.Value = attempt;
        return attempt;
    }

    internal void Observe(int statusCode, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        FailedStatusCode = statusCode;
        RetryAfter = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }
}

/// <summary>The HTTP handler under every provider SDK: records failing responses into the current <see cref="HttpAttempt"/>.</summary>
public sealed class HttpAttemptObserver : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            HttpAttempt.Current?.Observe((int)response.StatusCode, response.Headers.RetryAfter, DateTimeOffset.UtcNow);
        return response;
    }
}
