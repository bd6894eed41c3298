namespace KernelGen.Engine.Generation;

/// <summary>Why a provider gave no usable answer; lets callers decide whether a retry can help.</summary>
public enum ProviderFailure
{
    /// <summary>The provider's process could not be started.</summary>
    StartFailed,
    /// <summary>The provider's process exited with a non-zero code.</summary>
    NonZeroExit,
    /// <summary>No answer arrived within the configured time; the provider's work was stopped.</summary>
    Timeout,
    /// <summary>The provider answered with nothing but whitespace.</summary>
    EmptyAnswer,
    /// <summary>A transcript file could not be read or has an unexpected format.</summary>
    TranscriptUnreadable,
    /// <summary>A replayed request has no recorded answer in the transcript.</summary>
    UnknownRequest,
    /// <summary>Every attempt failed transiently (connection refused or reset, 429, 5xx, timeouts) and the attempts ran out.</summary>
    Unreachable,
    /// <summary>The provider refused the request in a way a retry cannot fix (400, 401, 403, 404, …).</summary>
    Refused,
}

/// <summary>
/// A provider failed to produce an answer. The message names the provider and the reason; it never contains
/// environment variable values, so it is safe to log.
/// </summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider's name, such as <c>command</c> or <c>replay</c>.</param>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="reason">A human-readable reason, already free of secrets.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ProviderException(string provider, ProviderFailure failure, string reason, Exception? innerException = null)
        : base($"Provider '{provider}' failed ({failure}): {reason}", innerException)
    {
        Provider = provider;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>The provider's name.</summary>
    public string Provider { get; }

    /// <summary>The kind of failure.</summary>
    public ProviderFailure Failure { get; }

    /// <summary>The reason, without the provider prefix.</summary>
    public string Reason { get; }
}
