namespace KernelGen.Engine.Benchmarking;

/// <summary>One timing mode's measurement as evidence: summaries, the speed-of-light view and the raw samples.</summary>
public sealed record ModeEvidence(
    TimingMode Mode,
    int WarmupRuns,
    bool WarmupStable,
    double ReferenceMedianMs,
    double CandidateMedianMs,
    double Speedup,
    double SpeedupCi95Low,
    double SpeedupCi95High,
    int ReferenceOutliers,
    int CandidateOutliers,
    bool TooSmallToMeasure,
    long CacheFlushBytes,
    SpeedOfLightEvidence SpeedOfLight,
    IReadOnlyList<double> ReferenceSamplesMs,
    IReadOnlyList<double> CandidateSamplesMs)
{
    public static ModeEvidence From(HarnessMeasurement m, SpeedOfLightEvidence speedOfLight) => new(
        m.Mode, m.WarmupPairs, m.WarmupStable, m.ReferenceMedianMs, m.CandidateMedianMs, m.Speedup, m.SpeedupCi95.Low,
        m.SpeedupCi95.High, m.ReferenceOutliers, m.CandidateOutliers, m.TooSmallToMeasure, m.CacheFlushBytes, speedOfLight,
        m.ReferenceSamplesMs, m.CandidateSamplesMs);
}
