using KernelGen.Cli.Inspection;
using KernelGen.Engine.Cache;

namespace KernelGen.Cli.Reporting;

/// <summary>What the report shows for one module: its cache inspection and the variant that represents it in charts.</summary>
sealed record ReportedModule(ModuleInspection Inspection)
{
    /// <summary>The part of the name after the namespace, for chart labels.</summary>
    public string ShortName => Inspection.Module[(Inspection.Module.LastIndexOf('.') + 1)..];

    /// <summary>
    /// The variant the app would dispatch to (the first selected one: locks keep them fastest first), else the fastest
    /// benchmarked verified one; null when the module has no verified, benchmarked kernel or its cache is broken.
    /// </summary>
    public VariantInspection? Best => Inspection.State is ModuleCacheState.Fresh or ModuleCacheState.Intact
        ? Inspection.Variants.FirstOrDefault(v => v.Entry.Selected && Plausible(v))
          ?? Inspection.Variants.Where(v => v.Entry.Status == VariantStatus.Verified && Plausible(v)).MaxBy(v => v.Benchmark!.Speedup)
        : null;

    /// <summary>Benchmarked with finite, positive numbers: a lock is untrusted input and may hold NaN or infinities.</summary>
    static bool Plausible(VariantInspection v) => v.Benchmark is { } b
        && new[] { b.Speedup, b.SpeedupCi95Low, b.SpeedupCi95High, b.ReferenceMedianMs, b.CandidateMedianMs }.All(x => double.IsFinite(x) && x >= 0)
        && b.Speedup <= MaxChartedSpeedup;

    /// <summary>Speedups beyond this are not charted (the evidence tables still show them): no real kernel gets near it.</summary>
    public const double MaxChartedSpeedup = 10_000;
}

/// <summary>fast_p (KernelBench): the fraction of modules whose kernel is correct and more than p times faster than the baseline.</summary>
static class FastP
{
    /// <summary>The p values of the curve: 0 to a little beyond the largest speedup, at least 0 to 3, in steps of 0.05.</summary>
    public static double[] Thresholds(IEnumerable<double> speedups)
    {
        var top = Math.Max(3.0, Math.Ceiling((speedups.DefaultIfEmpty(0).Max() + 0.5) * 2) / 2);
        return [.. Enumerable.Range(0, (int)Math.Round(top / 0.05) + 1).Select(i => i * 0.05)];
    }

    /// <summary>For each p: modules with a correct kernel whose speedup exceeds p, over all modules.</summary>
    public static double[] Curve(IReadOnlyList<double?> speedupPerModule, IReadOnlyList<double> thresholds) =>
        [.. thresholds.Select(p => speedupPerModule.Count == 0 ? 0 : speedupPerModule.Count(s => s > p) / (double)speedupPerModule.Count)];
}
