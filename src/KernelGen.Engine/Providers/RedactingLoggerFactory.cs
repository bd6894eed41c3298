using KernelGen.Engine.Generation;
using Microsoft.Extensions.Logging;

namespace KernelGen.Engine.Providers;

/// <summary>
/// Hands the middleware loggers that redact every message before the host's sink sees it. The logging middleware writes
/// prompts and answers at trace level, and an answer may quote a key (a proxy's error page, a hostile server), so
/// redaction happens here, once, whatever sink the host configured.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory belongs to the host, which disposes it.</summary>
    public void Dispose()
    {
    }

    sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
                return;
            // The exception is not passed on: its message and data may hold what the formatted text had redacted.
            string message = redactor.Redact(formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})"));
            inner.Log(logLevel, eventId, message, null, static (text, _) => text);
        }
    }
}
