using System.Text.Json.Serialization;
using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Verification;

/// <summary>Whether a candidate passed every check.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    [JsonStringEnumMemberName("accepted")]
    Accepted,

    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>The outcome of one check, e.g. <c>oracle-accuracy</c>, with what it measured or why it failed.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);

/// <summary>
/// Everything known about one candidate after compilation, the API policy, the ABI check, verification and the
/// benchmark. Rejections carry the first failing check and its reason; nothing about a candidate throws.
/// </summary>
/// <param name="ShapeDomain">The verified shape domain (null when verification did not get that far).</param>
public sealed record EvaluationResult(
    Verdict Verdict,
    string? FailingCheck,
    string? Reason,
    IReadOnlyList<CheckResult> Checks,
    ShapeDomainSpec? ShapeDomain,
    VerificationEvidence? Verification,
    BenchmarkResult? Benchmark)
{
    /// <summary>
    /// The selection rule: verified, the (cold) speedup's 95 % confidence interval lies above 1, and the times are long
    /// enough to be more than call overhead.
    /// </summary>
    public bool Selected => Verdict == Verdict.Accepted && Benchmark is { SpeedupCi95Low: > 1.0, TooSmallToMeasure: false };

    /// <summary>Why an accepted candidate is not dispatched; null when it is selected or was rejected.</summary>
    public string? NotSelectedReason => Verdict != Verdict.Accepted || Selected
        ? null
        : Benchmark switch
        {
            null => "not benchmarked",
            { TooSmallToMeasure: true } => "too small to measure anything but overhead",
            _ => $"not measurably faster (speedup 95 % CI lower bound {Benchmark.SpeedupCi95Low:0.00} <= 1)",
        };

    /// <summary>A rejection by <paramref name="check"/>, after the checks that passed before it.</summary>
    public static EvaluationResult Reject(string check, string reason, IEnumerable<CheckResult>? passedBefore = null) =>
        new(Verdict.Rejected, check, reason, [.. passedBefore ?? [], new CheckResult(check, false, reason)], null, null, null);
}

/// <summary>What verification did and measured; it goes into the lock's <c>verification</c>.</summary>
/// <param name="Seed">The run's random seed: trial t uses seed + t.</param>
/// <param name="ErrorFactor">F in "candidate error &lt;= F × reference error + floor".</param>
/// <param name="ErrorFloor">The floor, in units of normalised error.</param>
/// <param name="MaxErrorRatio">Largest candidate error / allowed error over all trials (accepted when &lt;= 1).</param>
public sealed record VerificationEvidence(
    long Seed,
    int Trials,
    string Oracle,
    string ErrorMetric,
    double ErrorFactor,
    double ErrorFloor,
    double MaxErrorRatio,
    double MaxCandidateError,
    double MaxReferenceError,
    IReadOnlyList<DistributionEvidence> Distributions,
    IReadOnlyList<ShapeEvidence> Shapes,
    IReadOnlyList<string> Poisons,
    IReadOnlyList<string> ChecksPassed,
    double Seconds)
{
    /// <summary>
    /// Signs that the problem's outputs are degenerate (constant, tiny next to the inputs, insensitive to them); empty
    /// when none. They do not reject the candidate: they say the module's sample inputs should be made harder.
    /// </summary>
    public IReadOnlyList<string> DegenerateOutputs { get; init; } = [];
}

/// <summary>Errors measured under one input distribution.</summary>
public sealed record DistributionEvidence(string Name, int Trials, double MaxCandidateError, double MaxReferenceError, double MaxErrorRatio);

/// <summary>One set of argument shapes (inputs then state) and how many trials ran at it.</summary>
public sealed record ShapeEvidence(IReadOnlyList<IReadOnlyList<long>> Arguments, int Trials);

/// <summary>
/// Benchmark evidence: interleaved samples of the reference and the candidate at the sample shapes. The positional
/// fields describe the mode that selection and the speed-of-light check use (<see cref="Mode"/>, cold);
/// <see cref="Warm"/> holds the warm-cache measurement. Raw samples are kept whole, outliers included.
/// </summary>
public sealed record BenchmarkResult(
    MachineDescription Machine,
    string Baseline,
    string Timing,
    IReadOnlyList<IReadOnlyList<long>> Shapes,
    int WarmupRuns,
    double ReferenceMedianMs,
    double CandidateMedianMs,
    double Speedup,
    double SpeedupCi95Low,
    double SpeedupCi95High,
    int BootstrapResamples,
    int BootstrapSeed,
    IReadOnlyList<double> ReferenceSamplesMs,
    IReadOnlyList<double> CandidateSamplesMs)
{
    public TimingMode Mode { get; init; } = TimingMode.Cold;

    /// <summary>False when warm-up hit its bound before the times settled (the samples were still taken).</summary>
    public bool WarmupStable { get; init; } = true;

    /// <summary>Samples beyond 3 scaled MADs of their side's median: counted, kept in the raw samples.</summary>
    public int ReferenceOutliers { get; init; }

    public int CandidateOutliers { get; init; }

    /// <summary>A median below the measurable minimum (docs/benchmarking.md): never selected.</summary>
    public bool TooSmallToMeasure { get; init; }

    /// <summary>Bytes written and read between cold samples to evict the caches (0 in warm mode).</summary>
    public long CacheFlushBytes { get; init; }

    public SpeedOfLightEvidence? SpeedOfLight { get; init; }

    /// <summary>The 1-minute load average before and after the measurement: above the core count, other work competed.</summary>
    public IReadOnlyList<double>? LoadAverage { get; init; }

    /// <summary>The same comparison with warm caches.</summary>
    public ModeEvidence? Warm { get; init; }
}

/// <summary>Where a benchmark ran.</summary>
public sealed record MachineDescription(string Cpu, int LogicalCores, string Os, string Runtime, IReadOnlyDictionary<string, string> Environment);
