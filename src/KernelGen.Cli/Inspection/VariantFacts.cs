using System.Globalization;

namespace KernelGen.Cli.Inspection;

/// <summary>The numbers people ask about first, taken from a variant's evidence (cold mode, the one selection uses).</summary>
static class VariantFacts
{
    /// <summary>"2.70x (95 % CI 2.55–2.83)", or "not benchmarked".</summary>
    public static string Speedup(VariantInspection variant) => variant.Benchmark is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"{b.Speedup:F2}x (95 % CI {b.SpeedupCi95Low:F2}–{b.SpeedupCi95High:F2})")
        : "not benchmarked";

    /// <summary>The kernel's bandwidth as a percentage of the machine's measured peak, when the benchmark recorded it.</summary>
    public static double? SpeedOfLightPercent(VariantInspection variant) => variant.Benchmark?.SpeedOfLight?.CandidateBandwidthPercent;

    /// <summary>"56 % of speed of light", or "speed of light not measured".</summary>
    public static string SpeedOfLight(VariantInspection variant) => SpeedOfLightPercent(variant) is { } percent
        ? string.Create(CultureInfo.InvariantCulture, $"{percent:F0} % of speed of light")
        : "speed of light not measured";

    /// <summary>"hand-written", or "llm (provider/model, attempt 2)".</summary>
    public static string Provenance(VariantInspection variant)
    {
        var p = variant.Entry.Provenance;
        var source = string.Join("/", new[] { p.Provider, p.Model }.Where(s => !string.IsNullOrEmpty(s)));
        return source.Length == 0 ? p.Origin : $"{p.Origin} ({source}, attempt {p.Attempt})";
    }
}
