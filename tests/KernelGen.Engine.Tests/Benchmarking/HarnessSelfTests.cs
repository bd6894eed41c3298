using KernelGen.Engine.Benchmarking;
using Xunit.Abstractions;

namespace KernelGen.Engine.Tests.Benchmarking;

/// <summary>
/// The harness measuring things whose answer is known. These are checks of the harness, not performance claims: a
/// synthetic kernel doing 2x or 4x the work must measure 2x or 4x (±10 %), on this noisy shared VM too.
/// </summary>
// Timing self-tests share the worker tests' collection so they never run beside a benchmark: on 2 cores they would share one.
[Collection(WorkerCollection.Name)]
public sealed class HarnessSelfTests(ITestOutputHelper output)
{
    const double RatioTolerance = 0.10;

    static readonly HarnessSettings Settings = new();

    [Theory]
    [InlineData(1, TimingMode.Warm)]
    [InlineData(2, TimingMode.Warm)]
    [InlineData(4, TimingMode.Warm)]
    [InlineData(2, TimingMode.Cold)]
    public void Kernels_doing_k_times_the_work_measure_k_times_the_time(int units, TimingMode mode)
    {
        // Up to three attempts: while other tenants load the machine beyond its cores, the scheduler preempts long calls
        // more often than short ones and one ~2 s attempt can be spoiled; a harness that is wrong fails all three.
        var ratios = new List<double>();
        for (var attempt = 0; attempt < Attempts && !WithinTolerance(ratios, units); attempt++) ratios.Add(MeasuredRatio(units, mode));
        Assert.True(WithinTolerance(ratios, units),
            $"{units}x the work measured {string.Join(", ", ratios.Select(r => r.ToString("F3")))}x (allowed ±{RatioTolerance:P0}); load average {MachineInfo.LoadAverage()}");
    }

    const int Attempts = 3;

    static bool WithinTolerance(List<double> ratios, int units) => ratios.Count > 0 && Math.Abs(ratios[^1] / units - 1) <= RatioTolerance;

    double MeasuredRatio(int units, TimingMode mode)
    {
        var measurement = new InterleavedHarness(Settings, new CacheFlusher(32L << 20))
            .Measure(SyntheticKernels.Work($"{units}x", units), SyntheticKernels.Work("1x", 1), mode);
        output.WriteLine($"{units}x vs 1x ({mode}): {measurement.Speedup:F3} (CI {measurement.SpeedupCi95.Low:F3}–{measurement.SpeedupCi95.High:F3}), "
            + $"medians {measurement.ReferenceMedianMs:F2} / {measurement.CandidateMedianMs:F2} ms, warm-up {measurement.WarmupPairs} pairs");
        return measurement.Speedup;
    }

    [Fact]
    public void A_kernel_that_returns_before_its_work_is_done_is_refused()
    {
        var harness = new InterleavedHarness(Settings);
        var error = Assert.Throws<OutputNotReadyException>(() =>
            harness.Measure(SyntheticKernels.Work("reference", 1), SyntheticKernels.ReturnsBeforeItsWorkIsDone("lazy"), TimingMode.Warm));
        Assert.Contains("lazy", error.Message);
    }

    [Fact]
    public void Shapes_too_small_to_measure_are_flagged_and_never_selected()
    {
        var harness = new InterleavedHarness(Settings with { MinimumWarmup = TimeSpan.Zero });
        var tiny = harness.Measure(SyntheticKernels.Trivial("reference"), SyntheticKernels.Trivial("candidate"), TimingMode.Warm);
        Assert.True(tiny.TooSmallToMeasure, $"medians {tiny.ReferenceMedianMs} / {tiny.CandidateMedianMs} ms");

        var real = harness.Measure(SyntheticKernels.Work("reference", 1), SyntheticKernels.Work("candidate", 1), TimingMode.Warm);
        Assert.False(real.TooSmallToMeasure);
    }

    [Fact]
    public void Raw_samples_are_kept_whole_with_the_requested_count()
    {
        var measurement = new InterleavedHarness(Settings with { Samples = 31 })
            .Measure(SyntheticKernels.Work("reference", 1), SyntheticKernels.Work("candidate", 1), TimingMode.Warm);
        Assert.Equal(31, measurement.ReferenceSamplesMs.Count);
        Assert.Equal(31, measurement.CandidateSamplesMs.Count);
        Assert.True(measurement.WarmupPairs >= 2 * Settings.StabilityWindow);
    }

    [Fact]
    public void Fewer_than_thirty_samples_are_refused()
    {
        var harness = new InterleavedHarness(Settings with { Samples = 29 });
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Measure(SyntheticKernels.Trivial("a"), SyntheticKernels.Trivial("b"), TimingMode.Warm));
    }
}
