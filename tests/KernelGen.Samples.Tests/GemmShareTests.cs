using KernelBench;
using KernelBench.GemmShare;

namespace KernelGen.Samples.Tests;

/// <summary>The gemm-share mode's bookkeeping: which layers it times, the FLOPs it counts, and the statistics of the pairs.</summary>
public sealed class GemmShareTests
{
    [Fact]
    public void Summary_takes_the_median_of_per_pair_shares_and_the_GEMMs_throughput()
    {
        var summary = GemmShareSummary.From(forwardMs: [10, 20, 30], gemmMs: [9, 10, 27], flops: 2e9);

        Assert.Equal(20, summary.ForwardMedianMs);
        Assert.Equal(10, summary.GemmMedianMs);
        // Shares per pair: 0.9, 0.5, 0.9. Not median(gemm) / median(forward) = 0.5: each pair is judged on its own.
        Assert.Equal(0.9, summary.ShareMedian, 12);
        Assert.Equal(0.5, summary.ShareMin, 12);
        Assert.Equal(0.9, summary.ShareMax, 12);
        Assert.Equal(1 / 0.9, summary.BoundSpeedup, 12);
        Assert.Equal(0.1, summary.EpilogueShare, 12);
        Assert.Equal(9.0 / 10, summary.ShareOfMinima, 12);
        Assert.Equal(200, summary.GemmGflops, 9); // 2 GFLOP in 10 ms
        Assert.Equal(2e9 / 9e-3 / 1e9, summary.GemmBestGflops, 9);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, GemmShareSummary.Median([4, 1, 3, 2]));
        Assert.Equal(3, GemmShareSummary.Median([5, 3, 1]));
    }

    [Fact]
    public void Unpaired_samples_are_refused()
    {
        Assert.Throws<ArgumentException>(() => GemmShareSummary.From([1, 2], [1], 1));
        Assert.Throws<ArgumentException>(() => GemmShareSummary.From([], [], 1));
    }

    [Fact]
    public void Two_layer_problem_times_both_GEMMs_and_counts_their_FLOPs()
    {
        // L2-45 at the reduced size: x [128, 256] -> linear1 [512, 256] -> sigmoid -> linear2 [256, 512] -> logsumexp.
        var result = GemmShareMeasurement.Measure(Problems.ByKey("L2-45"), pairs: 2);

        Assert.Null(result.Skipped);
        Assert.Equal([new GemmShape(128, 256, 512), new GemmShape(128, 512, 256)], result.Gemms);
        Assert.Equal(2, result.ForwardMs!.Count);
        Assert.Equal(2, result.GemmMs!.Count);
        Assert.All(result.ForwardMs.Concat(result.GemmMs), ms => Assert.True(ms > 0));
        var summary = result.Summary!;
        Assert.Equal(2.0 * 128 * 256 * 512 * 2, result.Gemms.Sum(g => g.Flops));
        Assert.Equal(result.Gemms.Sum(g => g.Flops) / (summary.GemmMedianMs * 1e-3) / 1e9, summary.GemmGflops, 9);
        Assert.InRange(summary.ShareMin, double.Epsilon, summary.ShareMax);
        Assert.NotNull(result.LoadBefore);
    }

    [Fact]
    public void Problem_whose_GEMM_is_a_matmul_of_its_own_weight_is_skipped_with_the_reason()
    {
        var result = GemmShareMeasurement.Measure(Problems.ByKey("L2-14"), pairs: 1);

        Assert.Null(result.Summary);
        Assert.Contains("no nn.Linear", result.Skipped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("L2-999")]
    [InlineData("L1-19")]
    public void Unknown_or_non_Level_2_keys_are_an_error_naming_them(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GemmShareCommand.Run(["--only", key]));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
