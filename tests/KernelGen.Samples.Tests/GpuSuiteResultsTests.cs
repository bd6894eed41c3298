using System.Text.Json.Nodes;
using KernelGen.Cli.Commands;

namespace KernelGen.Samples.Tests;

/// <summary>
/// Scoring a GPU suite run (CudaBench kernelbench + the PyTorch baselines) with the CPU suite's fast_p and geomean:
/// every problem of the run is in the denominator, a rejected kernel never counts, a missing baseline counts as slow.
/// </summary>
public sealed class GpuSuiteResultsTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("kernelgen-gpu-suite-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static JsonObject Kernel(string key, string verdict, double eagerMs, double kernelMs) => new()
    {
        ["key"] = key, ["name"] = key, ["level"] = 1, ["status"] = verdict == "pass" ? "kernel" : "rejected",
        ["cuda"] = new JsonObject
        {
            ["verification"] = new JsonObject { ["verdict"] = verdict },
            ["benchmark"] = new JsonObject
            {
                ["eagerMedianMs"] = eagerMs, ["kernelMedianMs"] = kernelMs, ["speedupCi95Low"] = eagerMs / kernelMs * 0.99, ["speedupCi95High"] = eagerMs / kernelMs * 1.01,
                ["kernelPercentOfCopyPeak"] = 90.0, ["eagerGBsOfIdealBytes"] = 1000.0, ["kernelGBs"] = 2700.0,
            },
        },
    };

    static JsonObject ReferenceOnly(string key, double eagerMs) => new()
    {
        ["key"] = key, ["name"] = key, ["level"] = 2, ["status"] = "reference only", ["reason"] = "GEMM-led",
        ["eager"] = new JsonObject { ["medianMs"] = eagerMs, ["percentOfCopyPeak"] = 3.0 },
    };

    void Write(bool withBaselines)
    {
        var run = new JsonObject
        {
            ["dateUtc"] = "2026-11-26T12:00:00Z",
            ["copyPeak"] = new JsonObject { ["kernelGBs"] = 3000.0 },
            ["problems"] = new JsonArray(Kernel("L1-25", "pass", 10.0, 4.0), Kernel("L1-30", "pass", 6.0, 5.0), Kernel("L1-36", "fail", 9.0, 1.0), ReferenceOnly("L2-12", 2.7)),
        };
        File.WriteAllText(Path.Combine(folder, GpuSuiteResults.RunFile), run.ToJsonString());
        if (!withBaselines) return;
        var baselines = new JsonObject
        {
            ["device"] = new JsonObject { ["name"] = "Test GPU" },
            ["problems"] = new JsonObject
            {
                ["L1-25"] = new JsonObject { ["eagerMedianMs"] = 10.5, ["compiledMedianMs"] = 4.4 },
                ["L1-30"] = new JsonObject { ["eagerMedianMs"] = 6.1, ["compiledMedianMs"] = 7.5 },
                ["L1-36"] = new JsonObject { ["eagerMedianMs"] = 9.0, ["compiledMedianMs"] = 9.0 },
            },
        };
        File.WriteAllText(Path.Combine(folder, GpuSuiteResults.BaselinesFile), baselines.ToJsonString());
    }

    static int[] Counts(GpuSuiteResults results, GpuBaseline baseline) => [.. results.Fast(baseline).Select(f => f.Count)];

    [Fact]
    public void Fast_p_counts_verified_kernels_over_every_problem_against_each_baseline()
    {
        Write(withBaselines: true);
        var results = GpuSuiteResults.Read(folder);

        Assert.All(SuiteScore.Thresholds.Select((_, i) => results.Fast(GpuBaseline.TorchSharpEager)[i]), f => Assert.Equal(4, f.Total));
        Assert.Equal([2, 2, 1, 1], Counts(results, GpuBaseline.TorchSharpEager));   // 2.5x and 1.2x; the rejected 9x never counts
        Assert.Equal([2, 2, 1, 1], Counts(results, GpuBaseline.PyTorchEager));      // 2.625x and 1.22x
        Assert.Equal([2, 2, 0, 0], Counts(results, GpuBaseline.TorchCompile));      // 1.1x and exactly 1.5x: fast_1.5 needs more than 1.5x
        Assert.Equal(Math.Sqrt(2.5 * 1.2), results.Geomean(GpuBaseline.TorchSharpEager)!.Value, 12);
        Assert.Equal(Math.Sqrt(1.1 * 1.5), results.Geomean(GpuBaseline.TorchCompile)!.Value, 12);
        Assert.Equal("Test GPU", results.Card);
    }

    [Fact]
    public void Without_the_baselines_file_only_TorchSharp_eager_scores_speedups()
    {
        Write(withBaselines: false);
        var results = GpuSuiteResults.Read(folder);

        Assert.Equal([2, 2, 1, 1], Counts(results, GpuBaseline.TorchSharpEager));
        Assert.Equal([2, 0, 0, 0], Counts(results, GpuBaseline.TorchCompile));      // correct, but no measured speedup
        Assert.Null(results.Geomean(GpuBaseline.TorchCompile));
    }

    [Fact]
    public void A_missing_or_malformed_run_file_is_a_usage_error_naming_the_file()
    {
        var missing = Assert.Throws<UsageException>(() => GpuSuiteResults.Read(folder));
        Assert.Contains(GpuSuiteResults.RunFile, missing.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(folder, GpuSuiteResults.RunFile), "{ \"problems\": [");
        var malformed = Assert.Throws<UsageException>(() => GpuSuiteResults.Read(folder));
        Assert.Contains("not valid JSON", malformed.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(folder, GpuSuiteResults.RunFile), "{ \"problems\": [] }");
        var wrongShape = Assert.Throws<UsageException>(() => GpuSuiteResults.Read(folder));
        Assert.Contains("CudaBench kernelbench", wrongShape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_H100_run_scores_as_docs_benchmarks_md_reports()
    {
        var results = GpuSuiteResults.Read(Path.Combine(RepositoryPaths.Root, "benchmarks", "kernelbench-cuda", "2026-11-26-h100"));

        Assert.Equal(53, results.Rows.Count);
        Assert.Equal([12, 12, 9, 8], Counts(results, GpuBaseline.TorchSharpEager));
        Assert.Equal([12, 12, 9, 8], Counts(results, GpuBaseline.PyTorchEager));
        Assert.Equal([12, 12, 5, 2], Counts(results, GpuBaseline.TorchCompile));   // above 2x: only the folds L2-14 and L2-18
        Assert.Equal(4.04, results.Geomean(GpuBaseline.TorchSharpEager)!.Value, 2);
        Assert.Equal(2.08, results.Geomean(GpuBaseline.TorchCompile)!.Value, 2);
    }
}
