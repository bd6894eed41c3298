namespace KernelBench.GemmShare;

/// <summary>
/// What interleaved pairs of timings say about one problem: how much of the module's eager time its GEMMs take, and so
/// how much any kernel that fuses the rest around an equally fast GEMM could gain at most.
/// </summary>
/// <param name="ForwardMedianMs">Median time of the module's reference (eager forward).</param>
/// <param name="GemmMedianMs">Median time of the same GEMMs alone (the module's own <c>nn.Linear</c> layers, nothing else).</param>
/// <param name="ShareMedian">Median over pairs of GEMM time / forward time, each pair measured back to back.</param>
/// <param name="ShareMin">Smallest per-pair share (the spread the load and the machine left).</param>
/// <param name="ShareMax">Largest per-pair share.</param>
/// <param name="ShareOfMinima">Fastest GEMM time / fastest forward time: on a shared machine the fastest samples are the
/// least disturbed by other processes, so this is the estimate that load inflates least.</param>
/// <param name="GemmGflops">The GEMMs' FLOPs over their median time, in GFLOP/s.</param>
/// <param name="GemmBestGflops">The GEMMs' FLOPs over their fastest time, in GFLOP/s.</param>
public sealed record GemmShareSummary(
    double ForwardMedianMs,
    double GemmMedianMs,
    double ShareMedian,
    double ShareMin,
    double ShareMax,
    double ShareOfMinima,
    double GemmGflops,
    double GemmBestGflops)
{
    /// <summary>
    /// The most a fused kernel can gain over eager when its GEMM is as fast as LibTorch's and everything else is free:
    /// forward / GEMM = 1 / share.
    /// </summary>
    public double BoundSpeedup => 1 / ShareMedian;

    /// <summary>The time outside the GEMMs, as a share of the forward: what fusion can remove at most.</summary>
    public double EpilogueShare => 1 - ShareMedian;

    /// <summary>Summarises pairs of samples taken back to back (forward[i] next to gemm[i]).</summary>
    /// <param name="forwardMs">Forward times, one per pair.</param>
    /// <param name="gemmMs">GEMM-alone times, one per pair.</param>
    /// <param name="flops">FLOPs of the GEMMs of one forward (2 × batch × in × out per layer).</param>
    public static GemmShareSummary From(IReadOnlyList<double> forwardMs, IReadOnlyList<double> gemmMs, double flops)
    {
        if (forwardMs.Count == 0 || forwardMs.Count != gemmMs.Count)
            throw new ArgumentException($"need the same positive number of forward and GEMM samples, got {forwardMs.Count} and {gemmMs.Count}");
        var shares = forwardMs.Zip(gemmMs, (forward, gemm) => gemm / forward).ToList();
        var gemmMedian = Median(gemmMs);
        return new GemmShareSummary(Median(forwardMs), gemmMedian, Median(shares), shares.Min(), shares.Max(), gemmMs.Min() / forwardMs.Min(),
            Gflops(flops, gemmMedian), Gflops(flops, gemmMs.Min()));
    }

    static double Gflops(double flops, double milliseconds) => flops / (milliseconds * 1e-3) / 1e9;

    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
