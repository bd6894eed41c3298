using KernelGen.Engine.Benchmarking;

namespace KernelGen.Engine.Tests.Benchmarking;

public sealed class SampleStatisticsTests
{
    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(2.0, SampleStatistics.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, SampleStatistics.Median([4.0, 1.0, 3.0, 2.0]));
    }

    [Fact]
    public void Outliers_beyond_three_mads_are_counted_and_the_samples_are_untouched()
    {
        // 30 samples around 10 ms (MAD 0.1) and two far ones: the median ignores them, the count reports them.
        double[] samples = [.. Enumerable.Range(0, 30).Select(i => 10.0 + (i % 3 - 1) * 0.1), 25.0, 40.0];
        var copy = samples.ToArray();
        Assert.Equal(2, SampleStatistics.OutlierCount(samples));
        Assert.Equal(10.0, SampleStatistics.Median(samples), 6);
        Assert.Equal(copy, samples);
    }

    [Fact]
    public void A_sample_just_inside_three_mads_is_not_an_outlier()
    {
        // Median 10, MAD 0.5 (scaled 0.7413): the limit is 10 ± 2.224.
        Assert.Equal(0, SampleStatistics.OutlierCount([9, 9.5, 10, 10, 10, 10.5, 12.2]));
        Assert.Equal(1, SampleStatistics.OutlierCount([9, 9.5, 10, 10, 10, 10.5, 12.3]));
    }

    [Fact]
    public void Bootstrap_interval_brackets_the_speedup_and_is_reproducible()
    {
        double[] reference = [.. Enumerable.Range(0, 30).Select(i => 20.0 + i % 5)];
        double[] candidate = [.. Enumerable.Range(0, 30).Select(i => 10.0 + i % 5 * 0.5)];
        var (low, high) = BootstrapCi.SpeedupInterval(reference, candidate);
        var speedup = SampleStatistics.Median(reference) / SampleStatistics.Median(candidate);
        Assert.InRange(speedup, low, high);
        Assert.True(low > 1.0);
        Assert.Equal((low, high), BootstrapCi.SpeedupInterval(reference, candidate));
    }
}
