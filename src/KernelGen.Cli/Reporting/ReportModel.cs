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
        ? Inspection.Variants.FirstOrDefault(v => v.Entry.Selected && v.Benchmark is not null)
          ?? Inspection.Variants.Where(v => v.Entry.Status == VariantStatus.Verified && v.Benchmark is not null).MaxBy(v => v.Benchmark!.Speedup)
        : null;
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
