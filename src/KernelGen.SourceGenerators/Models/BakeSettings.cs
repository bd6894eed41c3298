using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelGen.SourceGenerators.Models;

/// <summary>The MSBuild properties the generator reads (build/KernelGen.props).</summary>
/// <param name="CacheDirectory">build_property.KernelGenCacheDir, or null when the build does not pass it.</param>
/// <param name="BakingEnabled">False when KernelGenMode is Off: modules keep their reference and no cache is read.</param>
internal sealed record BakeSettings(string? CacheDirectory, bool BakingEnabled)
{
    public static BakeSettings From(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.KernelGenCacheDir", out var cacheDirectory);
        options.TryGetValue("build_property.KernelGenMode", out var mode);
        return new BakeSettings(
            string.IsNullOrWhiteSpace(cacheDirectory) ? null : cacheDirectory!.Trim(),
            !string.Equals(mode?.Trim(), "Off", System.StringComparison.OrdinalIgnoreCase));
    }
}
