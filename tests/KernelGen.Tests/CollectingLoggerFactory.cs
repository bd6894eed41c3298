using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KernelGen.Tests;

/// <summary>An ILoggerFactory that keeps every log line, for assertions.</summary>
sealed class CollectingLoggerFactory : ILoggerFactory
{
    readonly ConcurrentQueue<LogLine> lines = new();

    public IReadOnlyList<LogLine> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose() { }

    public sealed record LogLine(string Category, LogLevel Level, EventId Event, string Message);

    sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, logLevel, eventId, formatter(state, exception)));
    }
}
