using KernelGen.Runtime;
using Microsoft.Extensions.Logging;

namespace KernelGen.Tests;

/// <summary>Sets KernelGenEnvironment for one test, collects its log lines, and restores everything on dispose.</summary>
sealed class RuntimeSettings : IDisposable
{
    readonly bool disabled = KernelGenEnvironment.Disabled;
    readonly IReadOnlyCollection<string>? backends = KernelGenEnvironment.Backends;
    readonly double shadowRate = KernelGenEnvironment.ShadowRate;
    readonly ILoggerFactory loggerFactory = KernelGenEnvironment.LoggerFactory;

    public RuntimeSettings(double shadowRate = 0)
    {
        KernelGenEnvironment.Disabled = false;
        KernelGenEnvironment.Backends = null;
        KernelGenEnvironment.ShadowRate = shadowRate;
        KernelGenEnvironment.LoggerFactory = Log;
    }

    public CollectingLoggerFactory Log { get; } = new();

    public void Dispose()
    {
        KernelGenEnvironment.Disabled = disabled;
        KernelGenEnvironment.Backends = backends;
        KernelGenEnvironment.ShadowRate = shadowRate;
        KernelGenEnvironment.LoggerFactory = loggerFactory;
    }
}
