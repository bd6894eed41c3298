namespace KernelGen.Cli.Commands;

/// <summary>One problem's outcome as the suite scores it.</summary>
/// <param name="Module">The annotated module's full name.</param>
/// <param name="Correct">A committed variant passed verification in this run.</param>
/// <param name="Speedup">The best correct variant's speedup (reference median / kernel median, cold), when measured.</param>
/// <param name="Measurable">False when the measurement was flagged too small to measure (docs/benchmarking.md).</param>
sealed record ScoredProblem(string Module, bool Correct, double? Speedup, bool Measurable);

/// <summary>fast_p at one threshold: problems counted, out of all problems.</summary>
sealed record FastP(double P, int Count, int Total)
{
    public double Fraction => Total == 0 ? 0 : (double)Count / Total;
}

/// <summary>
/// KernelBench's fast_p over the suite (docs/kernelbench.md): the fraction of <em>all</em> problems that have a
/// correct kernel whose speedup over eager is above p. Problems without a committed kernel, with only rejected or
/// stale kernels, count in the denominator and never in the numerator. fast_0 is the fraction with a correct kernel;
/// for p &gt; 0 the speedup must have been measured and not flagged too small to measure.
/// </summary>
static class SuiteScore
{
    public static readonly double[] Thresholds = [0, 1, 1.5, 2];

    public static FastP Fast(IReadOnlyList<ScoredProblem> problems, double p) =>
        new(p, problems.Count(x => x.Correct && (p == 0 || (x.Measurable && x.Speedup > p))), problems.Count);

    /// <summary>Geometric mean of the measured speedups of the correct problems; null when there are none.</summary>
    public static double? GeomeanSpeedup(IReadOnlyList<ScoredProblem> problems)
    {
        var speedups = problems.Where(x => x.Correct && x.Measurable && x.Speedup is > 0).Select(x => x.Speedup!.Value).ToList();
        return speedups.Count == 0 ? null : Math.Exp(speedups.Average(Math.Log));
    }
}
