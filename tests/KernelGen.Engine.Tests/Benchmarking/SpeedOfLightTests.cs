using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests.Benchmarking;

public sealed class SpeedOfLightTests
{
    static readonly MachinePeak Peak = new("test machine", 2, TriadGBs: 25, NonTemporalTriadGBs: 30, PeakGflops: 100, ArrayBytes: 1 << 30, Repetitions: 15, "2026-11-26T08:00:00Z", LoadAverage: 0.5);

    static HarnessMeasurement Measurement(TimingMode mode, double referenceMs, double candidateMs) =>
        new(mode, 10, true, 0, [.. Enumerable.Repeat(referenceMs, 30)], [.. Enumerable.Repeat(candidateMs, 30)]);

    [Fact]
    public void Percentages_are_bytes_over_time_against_the_better_triad()
    {
        // 300 MB in 20 ms = 15 GB/s = 50 % of 30 GB/s; the reference at 60 ms is 5 GB/s.
        var evidence = SpeedOfLight.Evaluate(Measurement(TimingMode.Cold, 60, 20), 300_000_000, flops: 1e9, Peak);
        Assert.Equal(15, evidence.CandidateBandwidthGBs, 6);
        Assert.Equal(50, evidence.CandidateBandwidthPercent, 6);
        Assert.Equal(100.0 / 6, evidence.ReferenceBandwidthPercent, 6);
        Assert.Equal(50, evidence.CandidateFlopsPercent!.Value, 6);
        Assert.Null(SpeedOfLight.Check(evidence));
    }

    [Fact]
    public void A_cold_result_above_peak_plus_the_margin_is_rejected()
    {
        // 300 MB in 8 ms = 37.5 GB/s = 125 % of 30 GB/s.
        var evidence = SpeedOfLight.Evaluate(Measurement(TimingMode.Cold, 60, 8), 300_000_000, flops: null, Peak);
        Assert.Contains("125 %", SpeedOfLight.Check(evidence));

        // Just inside the margin (105 %) passes.
        Assert.Null(SpeedOfLight.Check(SpeedOfLight.Evaluate(Measurement(TimingMode.Cold, 60, 300_000_000 / 31.5e9 * 1000), 300_000_000, null, Peak)));
    }

    [Fact]
    public void A_probe_that_read_low_is_corrected_by_a_better_one_and_the_result_judged_again()
    {
        // Probed while busy: 20 GB/s, so 37.5 GB/s looks impossible; a later probe reaching 40 GB/s clears it.
        var busy = Peak with { TriadGBs = 15, NonTemporalTriadGBs = 20 };
        var evidence = SpeedOfLight.Evaluate(Measurement(TimingMode.Cold, 60, 8), 300_000_000, flops: null, busy);
        Assert.NotNull(SpeedOfLight.Check(evidence));

        var best = busy.BestWith(Peak with { TriadGBs = 40, NonTemporalTriadGBs = 35, PeakGflops = 50, MeasuredUtc = "2026-11-26T09:00:00Z" });
        Assert.Equal((40, 35, 100), (best.TriadGBs, best.NonTemporalTriadGBs, best.PeakGflops!.Value));
        Assert.Equal("2026-11-26T09:00:00Z", best.MeasuredUtc);
        var again = SpeedOfLight.Against(evidence, best);
        Assert.Equal(93.75, again.CandidateBandwidthPercent, 6);
        Assert.Null(SpeedOfLight.Check(again));
    }

    [Fact]
    public void A_cold_result_above_peak_flops_is_rejected()
    {
        var evidence = SpeedOfLight.Evaluate(Measurement(TimingMode.Cold, 60, 20), 1000, flops: 4e9, Peak);
        Assert.Contains("FP32 throughput", SpeedOfLight.Check(evidence));
    }

    [Fact]
    public void Warm_results_may_exceed_dram_peak_because_the_cache_serves_part_of_them()
    {
        var evidence = SpeedOfLight.Evaluate(Measurement(TimingMode.Warm, 60, 8), 300_000_000, flops: null, Peak);
        Assert.True(evidence.CandidateBandwidthPercent > 120);
        Assert.Null(SpeedOfLight.Check(evidence));
    }

    static BenchmarkResult Benchmark(double ciLow, bool tooSmall) =>
        new(new MachineDescription("cpu", 2, "linux", ".NET", new Dictionary<string, string>()), "eager", "cold", [[8]], 10,
            2, 1, 2, ciLow, 3, 2000, 1, [2.0], [1.0]) { TooSmallToMeasure = tooSmall };

    [Theory]
    [InlineData(1.2, false, true)]
    [InlineData(1.0, false, false)]
    [InlineData(0.8, false, false)]
    [InlineData(1.2, true, false)]
    public void Selection_needs_the_interval_above_one_and_a_measurable_time(double ciLow, bool tooSmall, bool selected)
    {
        var result = new EvaluationResult(Verdict.Accepted, null, null, [], null, null, Benchmark(ciLow, tooSmall));
        Assert.Equal(selected, result.Selected);
        Assert.False((result with { Verdict = Verdict.Rejected }).Selected);
    }
}
