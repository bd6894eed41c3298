using KernelGen.Cli.Commands;

namespace KernelGen.Samples.Tests;

/// <summary>fast_p and the geomean as docs/kernelbench.md defines them.</summary>
public sealed class SuiteScoreTests
{
    static readonly ScoredProblem[] Problems =
    [
        new("fast", Correct: true, Speedup: 3.0, Measurable: true),
        new("between", Correct: true, Speedup: 1.2, Measurable: true),
        new("slower", Correct: true, Speedup: 0.5, Measurable: true),
        new("tiny", Correct: true, Speedup: 4.0, Measurable: false),       // flagged too small to measure
        new("rejected", Correct: false, Speedup: 9.0, Measurable: true),   // a fast but wrong kernel
        new("reference-only", Correct: false, Speedup: null, Measurable: false),
    ];

    [Theory]
    [InlineData(0.0, 4)]     // every correct problem, measured or not
    [InlineData(1.0, 2)]     // fast and between; not tiny (unmeasurable), not rejected
    [InlineData(1.5, 1)]
    [InlineData(2.0, 1)]
    public void Fast_p_counts_correct_problems_faster_than_p_over_all_problems(double p, int count)
    {
        var fast = SuiteScore.Fast(Problems, p);
        Assert.Equal((count, 6), (fast.Count, fast.Total));
        Assert.Equal((double)count / 6, fast.Fraction, 12);
    }

    [Fact]
    public void A_speedup_equal_to_p_is_not_faster_than_p() =>
        Assert.Equal(0, SuiteScore.Fast([new("tie", true, 1.0, true)], 1.0).Count);

    [Fact]
    public void The_geomean_covers_correct_measured_problems_only() =>
        Assert.Equal(Math.Pow(3.0 * 1.2 * 0.5, 1.0 / 3), SuiteScore.GeomeanSpeedup(Problems)!.Value, 12);

    [Fact]
    public void Without_a_correct_measured_kernel_there_is_no_geomean_and_fast_p_is_zero()
    {
        ScoredProblem[] none = [new("reference-only", false, null, false)];
        Assert.Null(SuiteScore.GeomeanSpeedup(none));
        Assert.All(SuiteScore.Thresholds, p => Assert.Equal(0, SuiteScore.Fast(none, p).Count));
    }

    [Fact]
    public void The_thresholds_are_KernelBenchs() => Assert.Equal([0, 1, 1.5, 2], SuiteScore.Thresholds);
}
