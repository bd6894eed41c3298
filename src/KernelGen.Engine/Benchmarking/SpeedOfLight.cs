namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// A result held against the machine's measured peak: the contract's bytes (inputs, state and output once each) over
/// the median time, as a percentage of the probe's bandwidth, and the same for FLOPs when the contract knows them.
/// </summary>
/// <param name="Mode">The timing mode the percentages come from; only cold results are checked (see <see cref="SpeedOfLight.Check"/>).</param>
/// <param name="AllowedPercent">The limit: 100 % plus <see cref="SpeedOfLight.ProbeNoiseMarginPercent"/>.</param>
public sealed record SpeedOfLightEvidence(
    TimingMode Mode,
    long BytesMoved,
    double? Flops,
    double PeakBandwidthGBs,
    double? PeakGflops,
    double CandidateBandwidthGBs,
    double CandidateBandwidthPercent,
    double? CandidateFlopsPercent,
    double ReferenceBandwidthPercent,
    double AllowedPercent);

/// <summary>Computes and checks a result's percentage of the machine's peak.</summary>
public static class SpeedOfLight
{
    /// <summary>The failing check's name when a result is faster than the machine can be.</summary>
    public const string CheckName = "speed-of-light";

    /// <summary>
    /// Slack above the probe's best for its own noise: the probe takes the best of its passes, but the shared VM's
    /// speed drifts between the probe and a benchmark (docs/benchmarking.md).
    /// </summary>
    public const double ProbeNoiseMarginPercent = 10;

    public static SpeedOfLightEvidence Evaluate(HarnessMeasurement measurement, long bytesMoved, double? flops, MachinePeak peak)
    {
        double BandwidthGBs(double ms) => bytesMoved / (ms / 1000) / 1e9;
        var candidateGBs = BandwidthGBs(measurement.CandidateMedianMs);
        double? flopsPercent = flops is { } f && peak.PeakGflops is { } gflops ? 100 * f / (measurement.CandidateMedianMs / 1000) / 1e9 / gflops : null;
        return new SpeedOfLightEvidence(
            measurement.Mode, bytesMoved, flops, peak.PeakBandwidthGBs, peak.PeakGflops,
            candidateGBs, 100 * candidateGBs / peak.PeakBandwidthGBs, flopsPercent,
            100 * BandwidthGBs(measurement.ReferenceMedianMs) / peak.PeakBandwidthGBs,
            100 + ProbeNoiseMarginPercent);
    }

    /// <summary>The same measurement held against another probe of the machine.</summary>
    public static SpeedOfLightEvidence Against(SpeedOfLightEvidence evidence, MachinePeak peak) => evidence with
    {
        PeakBandwidthGBs = peak.PeakBandwidthGBs,
        PeakGflops = peak.PeakGflops,
        CandidateBandwidthPercent = evidence.CandidateBandwidthPercent * evidence.PeakBandwidthGBs / peak.PeakBandwidthGBs,
        ReferenceBandwidthPercent = evidence.ReferenceBandwidthPercent * evidence.PeakBandwidthGBs / peak.PeakBandwidthGBs,
        CandidateFlopsPercent = evidence.CandidateFlopsPercent * evidence.PeakGflops / peak.PeakGflops,
    };

    /// <summary>
    /// Why the candidate's result is impossible, or null when it is within peak. Only cold results are held to the
    /// DRAM peak: in warm mode part of the working set may legitimately come from the last-level cache.
    /// </summary>
    public static string? Check(SpeedOfLightEvidence evidence)
    {
        if (evidence.Mode != TimingMode.Cold) return null;
        if (evidence.CandidateBandwidthPercent > evidence.AllowedPercent)
            return $"{evidence.CandidateBandwidthGBs:F1} GB/s is {evidence.CandidateBandwidthPercent:F0} % of this machine's measured peak bandwidth "
                + $"({evidence.PeakBandwidthGBs:F1} GB/s; allowed {evidence.AllowedPercent:F0} %): the kernel skips work or the measurement is wrong";
        if (evidence.CandidateFlopsPercent > evidence.AllowedPercent)
            return $"{evidence.CandidateFlopsPercent:F0} % of this machine's measured peak FP32 throughput ({evidence.PeakGflops:F1} GFLOP/s; "
                + $"allowed {evidence.AllowedPercent:F0} %): the kernel skips work or the measurement is wrong";
        return null;
    }
}
