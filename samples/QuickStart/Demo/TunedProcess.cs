using System.Diagnostics;

namespace QuickStart.Demo;

/// <summary>
/// Runs the sample in a process started with the settings that make CPU timings honest on Linux: LibTorch's OpenMP
/// workers otherwise spin for milliseconds after each op and steal a core from the kernel's Parallel.For
/// (OMP_WAIT_POLICY=PASSIVE), and glibc otherwise hands every large output back to the OS, so each call pays for
/// fresh page faults (MALLOC_MMAP_MAX_, MALLOC_TRIM_THRESHOLD_). Both sides of every comparison benefit.
/// The settings must be in the C environment before they are read: glibc reads MALLOC_* at process start and
/// libgomp reads OMP_WAIT_POLICY when LibTorch loads. Environment.SetEnvironmentVariable does not change the C
/// environment on Unix, and calling libc's setenv while runtime threads may read the environment is a data race,
/// so the sample re-launches itself once with the missing settings instead.
/// </summary>
static class TunedProcess
{
    static readonly (string Name, string Value)[] Settings =
    [
        ("OMP_WAIT_POLICY", "PASSIVE"),
        ("MALLOC_MMAP_MAX_", "0"),
        ("MALLOC_TRIM_THRESHOLD_", "4294967296"),
    ];

    const string RelaunchedMarker = "KERNELGEN_QUICKSTART_RELAUNCHED";

    /// <summary>
    /// When a setting is missing, runs this program again with it and returns the copy's exit code; returns null
    /// when this process already has the settings (or is the re-launched copy) and should do the work itself.
    /// </summary>
    public static int? RelaunchIfNeeded(string[] args)
    {
        var missing = Settings.Where(s => Environment.GetEnvironmentVariable(s.Name) is null).ToArray();
        if (missing.Length == 0 || Environment.GetEnvironmentVariable(RelaunchedMarker) is not null) return null;

        var start = StartInfoForSelf(args);
        foreach (var (name, value) in missing) start.Environment[name] = value;
        start.Environment[RelaunchedMarker] = "1";
        using var copy = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        copy.WaitForExit();
        return copy.ExitCode;
    }

    /// <summary>How to start this program again, whether it runs from its apphost or as <c>dotnet QuickStart.dll</c>.</summary>
    public static ProcessStartInfo StartInfoForSelf(IEnumerable<string> args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(TunedProcess).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    public static string Describe() =>
        string.Join(", ", Settings.Select(s => $"{s.Name}={Environment.GetEnvironmentVariable(s.Name) ?? "(unset)"}"));
}
