namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// What the harness measured in one mode: the raw samples of both sides (kept whole, outliers included) and their
/// summaries. The speedup is reference / candidate, with a percentile-bootstrap 95 % interval.
/// </summary>
public sealed record HarnessMeasurement(
    TimingMode Mode,
    int WarmupPairs,
    bool WarmupStable,
    long CacheFlushBytes,
    IReadOnlyList<double> ReferenceSamplesMs,
    IReadOnlyList<double> CandidateSamplesMs)
{
    public double ReferenceMedianMs { get; } = SampleStatistics.Median(ReferenceSamplesMs);

    public double CandidateMedianMs { get; } = SampleStatistics.Median(CandidateSamplesMs);

    public double Speedup => ReferenceMedianMs / CandidateMedianMs;

    public (double Low, double High) SpeedupCi95 { get; } = BootstrapCi.SpeedupInterval(ReferenceSamplesMs, CandidateSamplesMs);

    public int ReferenceOutliers { get; } = SampleStatistics.OutlierCount(ReferenceSamplesMs);

    public int CandidateOutliers { get; } = SampleStatistics.OutlierCount(CandidateSamplesMs);

    /// <summary>Either side's median is too short to be more than overhead and timer noise.</summary>
    public bool TooSmallToMeasure =>
        Math.Min(ReferenceMedianMs, CandidateMedianMs) < Math.Max(HarnessSettings.MinimumMeasurable.TotalMilliseconds, InterleavedHarness.TimerResolutionMs * 1000);
}
