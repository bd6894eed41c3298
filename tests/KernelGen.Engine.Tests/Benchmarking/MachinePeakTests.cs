using KernelGen.Engine.Benchmarking;

namespace KernelGen.Engine.Tests.Benchmarking;

[Collection(WorkerCollection.Name)]
public sealed class MachinePeakTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "kernelgen-peak-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_probe_runs_once_per_machine_and_is_read_back_from_the_cache()
    {
        var cache = new MachinePeakCache(folder);
        var measured = cache.GetOrMeasure();
        output.WriteLine(measured.ToString());
        Assert.True(File.Exists(cache.PathFor(MachinePeakCache.MachineKey())));
        Assert.True(measured.TriadGBs > 0 && measured.PeakBandwidthGBs >= measured.TriadGBs);
        Assert.True(measured.PeakGflops is null or > 0);
        Assert.True(measured.ArrayBytes >= PeakProbe.ArrayLastLevelCacheMultiple * (CacheFlusher.LastLevelCacheBytes() ?? 0));

        // A second call reads the file instead of probing again: the same record, measuring time included.
        Assert.Equal(measured, new MachinePeakCache(folder).GetOrMeasure());
    }

    [Fact]
    public void A_probe_recorded_for_another_machine_is_not_used()
    {
        var cache = new MachinePeakCache(folder);
        var path = cache.PathFor(MachinePeakCache.MachineKey());
        var foreign = new MachinePeak("another machine", 64, 1, 1, 1, 1, 1, "2026-01-01T00:00:00Z", null);
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(foreign, Workers.WorkerJson.Options));
        Assert.Equal(MachinePeakCache.MachineKey(), cache.GetOrMeasure().Machine);
    }
}
