using System.Runtime.InteropServices;
using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Benchmarking;

/// <summary>Describes the machine and the timing-relevant environment of the current process.</summary>
public static class MachineInfo
{
    static readonly string[] TimingVariables = ["OMP_WAIT_POLICY", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS"];

    public static MachineDescription Describe() => new(
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        TimingVariables.Where(v => Environment.GetEnvironmentVariable(v) is not null)
            .ToDictionary(v => v, v => Environment.GetEnvironmentVariable(v)!, StringComparer.Ordinal));

    /// <summary>The 1-minute load average from /proc/loadavg, or null where there is none: above the core count, other work competed.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load)
                ? load
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
