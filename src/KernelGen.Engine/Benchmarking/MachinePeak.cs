namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// The machine's measured speed of light: the best memory bandwidth and FMA throughput the built-in probe reached.
/// </summary>
/// <param name="TriadGBs">Best STREAM-like triad (a = b + s·c, ordinary stores), GB/s counting 3 arrays per pass.</param>
/// <param name="NonTemporalTriadGBs">The same with non-temporal stores, which skip the read-for-ownership of the output.</param>
/// <param name="PeakGflops">Best FP32 FMA throughput over all cores (2 FLOPs per lane per FMA), or null without FMA.</param>
/// <param name="ArrayBytes">Size of each triad array (a multiple of the last-level cache, so DRAM is measured).</param>
/// <param name="Repetitions">Passes per probe; the best is kept, since peak is the best the machine can do.</param>
/// <param name="LoadAverage">The 1-minute load average when the probe ran (other tenants' work lowers the result).</param>
public sealed record MachinePeak(
    string Machine,
    int Threads,
    double TriadGBs,
    double NonTemporalTriadGBs,
    double? PeakGflops,
    long ArrayBytes,
    int Repetitions,
    string MeasuredUtc,
    double? LoadAverage)
{
    /// <summary>The peak a kernel is held to: the better of the two triads (a kernel may use non-temporal stores too).</summary>
    public double PeakBandwidthGBs => Math.Max(TriadGBs, NonTemporalTriadGBs);

    /// <summary>
    /// The better of two probes of the same machine, field by field: a probe run while other work loaded the machine
    /// reads low, and peak is the best the machine has shown. The time and load average are those of the probe with
    /// the higher peak bandwidth, the headline number.
    /// </summary>
    public MachinePeak BestWith(MachinePeak other)
    {
        var headline = other.PeakBandwidthGBs > PeakBandwidthGBs ? other : this;
        return headline with
        {
            TriadGBs = Math.Max(TriadGBs, other.TriadGBs),
            NonTemporalTriadGBs = Math.Max(NonTemporalTriadGBs, other.NonTemporalTriadGBs),
            PeakGflops = PeakGflops is { } a && other.PeakGflops is { } b ? Math.Max(a, b) : PeakGflops ?? other.PeakGflops,
        };
    }
}
