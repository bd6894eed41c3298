using KernelGen.Engine.Generation;
using Microsoft.Extensions.Logging;

namespace KernelGen.Cli.Commands;

/// <summary>
/// Warnings and errors of the engine's middleware (retries, give-ups) as one redacted line each on standard error;
/// chattier levels are dropped so that progress on standard output stays readable.
/// </summary>
sealed class StandardErrorLoggerFactory(SecretRedactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(redactor);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("this factory writes to standard error only");

    public void Dispose()
    {
    }

    sealed class Logger(SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = redactor.Redact(formatter(state, exception).ReplaceLineEndings(" "));
            Console.Error.WriteLine($"kernelgen: {(logLevel == LogLevel.Warning ? "warning" : "error")}: {line}");
        }
    }
}
