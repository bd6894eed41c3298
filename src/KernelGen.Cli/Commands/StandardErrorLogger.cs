using KernelGen.Engine.Providers;
using Microsoft.Extensions.Logging;

namespace KernelGen.Cli.Commands;

/// <summary>
/// The retry middleware's warnings (each retry, with its reason and wait) as one line each on standard error. Other
/// middleware (logging, telemetry) would only repeat, in more words, the failure line the command prints itself, and
/// chattier levels would drown the progress on standard output. Messages arrive redacted (the engine's
/// RedactingLoggerFactory sits in front of this one).
/// </summary>
sealed class StandardErrorLoggerFactory : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == typeof(RetryingChatClient).FullName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("this factory writes to standard error only");

    public void Dispose()
    {
    }

    sealed class Logger(bool shown) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => shown && logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = formatter(state, exception).ReplaceLineEndings(" ");
            Console.Error.WriteLine($"kernelgen: {(logLevel == LogLevel.Warning ? "warning" : "error")}: {line}");
        }
    }
}
