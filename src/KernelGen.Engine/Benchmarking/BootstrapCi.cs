namespace KernelGen.Engine.Benchmarking;

/// <summary>Percentile bootstrap of the ratio of two medians (reference / candidate = speedup).</summary>
public static class BootstrapCi
{
    public const int Resamples = 2000;

    /// <summary>Fixed so that the same samples always give the same interval.</summary>
    public const int Seed = 20261126;

    /// <summary>The 95 % interval of median(<paramref name="reference"/>) / median(<paramref name="candidate"/>).</summary>
    public static (double Low, double High) SpeedupInterval(IReadOnlyList<double> reference, IReadOnlyList<double> candidate)
    {
        var random = new Random(Seed);
        var ratios = new double[Resamples];
        var a = new double[reference.Count];
        var b = new double[candidate.Count];
        for (var r = 0; r < Resamples; r++)
        {
            for (var i = 0; i < a.Length; i++) a[i] = reference[random.Next(a.Length)];
            for (var i = 0; i < b.Length; i++) b[i] = candidate[random.Next(b.Length)];
            ratios[r] = SampleStatistics.Median(a) / SampleStatistics.Median(b);
        }
        Array.Sort(ratios);
        return (ratios[(int)(0.025 * Resamples)], ratios[(int)(0.975 * Resamples) - 1]);
    }
}
