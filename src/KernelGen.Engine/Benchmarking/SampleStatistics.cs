namespace KernelGen.Engine.Benchmarking;

/// <summary>Robust summaries of timing samples: medians and outliers by the median absolute deviation.</summary>
public static class SampleStatistics
{
    /// <summary>Samples further than this many (normal-consistent) MADs from the median count as outliers.</summary>
    public const double OutlierMads = 3.0;

    /// <summary>Scales the MAD to the standard deviation of a normal distribution, so that 3 MADs mean about 3 σ.</summary>
    const double NormalConsistency = 1.4826;

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no samples", nameof(values));
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// How many samples lie beyond <see cref="OutlierMads"/> scaled MADs of the median. They are counted and reported,
    /// never removed: the median already resists them, and dropping them would hide a noisy machine.
    /// </summary>
    public static int OutlierCount(IReadOnlyList<double> values)
    {
        var median = Median(values);
        var mad = NormalConsistency * Median([.. values.Select(v => Math.Abs(v - median))]);
        // With a zero MAD (over half the samples identical) any different sample would be an outlier; none is claimed.
        return mad == 0 ? 0 : values.Count(v => Math.Abs(v - median) > OutlierMads * mad);
    }
}
