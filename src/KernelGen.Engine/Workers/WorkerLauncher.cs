using System.Diagnostics;

namespace KernelGen.Engine.Workers;

/// <summary>How to start KernelGen.Worker: through the <c>dotnet</c> host, or through its own apphost in a self-contained app.</summary>
static class WorkerLauncher
{
    /// <summary>
    /// A framework-dependent kernelgen runs the worker's dll with the same <c>dotnet</c> host. A self-contained one (a
    /// machine without .NET, such as the CUDA host) has no <c>dotnet</c> to call: it runs the worker's self-contained
    /// apphost, which the publish puts beside the worker's dll and which uses the same runtime files.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workerDll)
    {
        var appHost = Path.ChangeExtension(workerDll, OperatingSystem.IsWindows() ? ".exe" : null);
        if (IsSelfContained && File.Exists(appHost)) return new ProcessStartInfo(appHost);
        var start = new ProcessStartInfo(DotnetHost.Path);
        start.ArgumentList.Add(workerDll);
        return start;
    }

    /// <summary>Whether this process runs on a runtime that lives in its own folder (a self-contained publish).</summary>
    static bool IsSelfContained { get; } = string.Equals(
        Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(typeof(object).Assembly.Location) ?? ""),
        Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory),
        StringComparison.Ordinal);
}
