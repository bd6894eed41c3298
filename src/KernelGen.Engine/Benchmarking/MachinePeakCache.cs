using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// Keeps the probe's result per machine in <c>$XDG_CACHE_HOME/kernelgen</c> (default <c>~/.cache/kernelgen</c>) as
/// <c>machine-&lt;hash&gt;.json</c>, the hash covering the CPU model, the core count and the OS, so a different VM size
/// or host CPU gets its own probe.
/// </summary>
public sealed class MachinePeakCache(string folder)
{
    public static MachinePeakCache Default { get; } = new(DefaultFolder());

    public string Folder => folder;

    /// <summary>The cached peak of this machine, measured now when there is none (or it cannot be read).</summary>
    /// <param name="probing">Called just before a probe starts (it takes seconds), not when the cache answers.</param>
    public MachinePeak GetOrMeasure(Action? probing = null)
    {
        var machine = MachineKey();
        var path = PathFor(machine);
        if (TryRead(path, machine) is { } cached) return cached;
        probing?.Invoke();
        return Store(path, PeakProbe.Measure(machine));
    }

    /// <summary>Probes again and keeps the best of the new and the cached result (<see cref="MachinePeak.BestWith"/>).</summary>
    /// <param name="probing">Called just before the probe starts.</param>
    public MachinePeak Remeasure(Action? probing = null)
    {
        var machine = MachineKey();
        var path = PathFor(machine);
        probing?.Invoke();
        var measured = PeakProbe.Measure(machine);
        return Store(path, TryRead(path, machine) is { } cached ? cached.BestWith(measured) : measured);
    }

    static MachinePeak Store(string path, MachinePeak peak)
    {
        Cache.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(peak, WorkerJson.Options));
        return peak;
    }

    public string PathFor(string machine) =>
        Path.Combine(folder, $"machine-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(machine)))[..16]}.json");

    /// <summary>What identifies this machine for the probe: CPU model, logical cores and OS.</summary>
    public static string MachineKey()
    {
        var description = MachineInfo.Describe();
        return $"{description.Cpu} | {description.LogicalCores} logical cores | {description.Os}";
    }

    static MachinePeak? TryRead(string path, string machine)
    {
        try
        {
            return File.Exists(path) && JsonSerializer.Deserialize<MachinePeak>(File.ReadAllText(path), WorkerJson.Options) is { } peak && peak.Machine == machine
                ? peak
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    static string DefaultFolder()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "kernelgen");
    }
}
