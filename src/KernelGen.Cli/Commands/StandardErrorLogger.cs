using Microsoft.Extensions.Logging;

namespace KernelGen.Cli.Commands;

/// <summary>
/// Warnings and errors of the engine's middleware (retries, give-ups) as one line each on standard error; chattier levels
/// are dropped so that progress on standard output stays readable. Messages arrive redacted (the engine's
/// RedactingLoggerFactory sits in front of this one).
/// </summary>
sealed class StandardErrorLoggerFactory : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger();

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("this factory writes to standard error only");

    public void Dispose()
    {
    }

    sealed class Logger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = formatter(state, exception).ReplaceLineEndings(" ");
            Console.Error.WriteLine($"kernelgen: {(logLevel == LogLevel.Warning ? "warning" : "error")}: {line}");
        }
    }
}
