using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic.Exceptions;
using KernelGen.Engine.Generation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelGen.Engine.Providers;

/// <summary>
/// Middleware that retries transient failures: connection errors, HTTP 408/409/429/5xx, timeouts and broken answers.
/// Waits grow exponentially with random jitter, and a server's Retry-After is honoured (never waited less; a Retry-After
/// beyond <c>maxRetryDelay</c> ends the request). Attempts are bounded; when they run out the failure is a
/// <see cref="ProviderException"/> of kind <see cref="ProviderFailure.Unreachable"/>, and a failure no retry can fix
/// (400, 401, 403, 404) is one of kind <see cref="ProviderFailure.Refused"/> at once. The SDKs' own retries are turned
/// off (<see cref="ProviderClientFactory"/>), so these are the only ones.
/// </summary>
public sealed class RetryingChatClient : DelegatingChatClient
{
    static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    readonly string modelName;
    readonly int maxAttempts;
    readonly TimeSpan maxRetryDelay;
    readonly ILogger logger;
    readonly SecretRedactor redactor;
    readonly bool streamsEndWithFinishReason;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="maxAttempts">Attempts per request, the first included.</param>
    /// <param name="maxRetryDelay">The longest wait between two attempts.</param>
    /// <param name="streamsEndWithFinishReason">
    /// The provider's streams always end with a finish reason (OpenAI's <c>finish_reason</c>, Anthropic's
    /// <c>stop_reason</c>): a stream that ends without one was cut off, even where the SDK reports a normal end.
    /// </param>
    public RetryingChatClient(IChatClient innerClient, string modelName, int maxAttempts, TimeSpan maxRetryDelay, ILogger? logger = null,
        SecretRedactor? redactor = null, bool streamsEndWithFinishReason = false)
        : base(innerClient)
    {
        this.streamsEndWithFinishReason = streamsEndWithFinishReason;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetryDelay.Ticks);
        this.modelName = modelName;
        this.maxAttempts = maxAttempts;
        this.maxRetryDelay = maxRetryDelay;
        this.logger = logger ?? NullLogger.Instance;
        this.redactor = redactor ?? SecretRedactor.FromEnvironment();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = [.. messages];
        for (int attempt = 1; ; attempt++)
        {
            HttpAttempt observation = HttpAttempt.Begin();
            try
            {
                return await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await WaitBeforeRetryAsync(e, observation, attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Streams each attempt to its end before yielding anything: a stream that breaks halfway is retried whole instead of
    /// handing the caller half an answer followed by a second, different one. The engine needs whole answers anyway;
    /// streaming still buys the idle timeout (<see cref="TimeoutChatClient"/>) that catches a stalled server early.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = [.. messages];
        List<ChatResponseUpdate>? answer = null;
        for (int attempt = 1; answer is null; attempt++)
        {
            HttpAttempt observation = HttpAttempt.Begin();
            try
            {
                var updates = new List<ChatResponseUpdate>();
                await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
                    updates.Add(update);
                if (streamsEndWithFinishReason && !updates.Any(u => u.FinishReason is not null))
                    throw new IOException("the stream ended before the answer was finished (no finish reason): it was cut off");
                answer = updates;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await WaitBeforeRetryAsync(e, observation, attempt, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (ChatResponseUpdate update in answer)
            yield return update;
    }

    /// <summary>Returns after the wait when <paramref name="failure"/> deserves another attempt; throws otherwise.</summary>
    async Task WaitBeforeRetryAsync(Exception failure, HttpAttempt observation, int attempt, CancellationToken cancellationToken)
    {
        (bool transient, string description) = Classify(failure, observation);
        if (!transient)
        {
            // A provider's own verdict (a command's exit code, a transcript without the answer) already says it all.
            throw failure as ProviderException
                ?? new ProviderException(modelName, ProviderFailure.Refused, $"{description} (not retried: a retry cannot fix it)", failure);
        }
        if (attempt >= maxAttempts)
            throw new ProviderException(modelName, ProviderFailure.Unreachable, $"{description}, {attempt} attempt(s) made", failure);

        TimeSpan delay = Backoff(attempt);
        if (observation.RetryAfter is { } retryAfter)
        {
            if (retryAfter > maxRetryDelay)
                throw new ProviderException(modelName, ProviderFailure.Unreachable,
                    $"{description}; the server asks to wait {retryAfter.TotalSeconds:0.#} s, longer than the {maxRetryDelay.TotalSeconds:0.#} s allowed (maxRetryDelaySeconds)", failure);
            // Never earlier than asked; a little later at random so that parallel conversations do not return in lockstep.
            delay = retryAfter + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        }
        delay = delay > maxRetryDelay ? maxRetryDelay : delay;
        logger.LogWarning("model {Model}: attempt {Attempt} of {MaxAttempts} failed ({Failure}); retrying in {Delay:0.0} s",
            modelName, attempt, maxAttempts, description, delay.TotalSeconds);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exponential with full jitter in its upper half: 0.5–1 s, 1–2 s, 2–4 s, …</summary>
    static TimeSpan Backoff(int attempt) =>
        FirstDelay * Math.Pow(2, attempt - 1) * (0.5 + (Random.Shared.NextDouble() / 2));

    (bool Transient, string Description) Classify(Exception failure, HttpAttempt observation)
    {
        int? status = observation.FailedStatusCode ?? failure switch
        {
            ClientResultException { Status: > 0 } e => e.Status,
            AnthropicApiException e => (int)e.StatusCode,
            HttpRequestException { StatusCode: { } httpStatus } => (int)httpStatus,
            _ => (int?)null,
        };
        string message = Describe(failure);
        if (status is { } code)
            return (IsTransientStatus(code), $"HTTP {code}: {message}");
        return failure switch
        {
            ProviderException { Failure: ProviderFailure.Timeout } => (true, message),
            ProviderException => (false, message),
            // No status: the connection was refused, reset or cut, or the body was cut off mid-JSON.
            HttpRequestException or IOException or AnthropicIOException or AnthropicSseException or ClientResultException or JsonException
                or TimeoutException or OperationCanceledException => (true, message),
            _ => (false, message),
        };
    }

    static bool IsTransientStatus(int status) => status is 408 or 409 or 429 or >= 500;

    string Describe(Exception failure)
    {
        string message = failure is ProviderException provider ? provider.Reason : $"{failure.GetType().Name}: {failure.Message}";
        message = redactor.Redact(message.ReplaceLineEndings(" "));
        return message.Length <= 300 ? message : message[..300] + "…";
    }
}
