using System.Text.Json.Nodes;

namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// <c>kernelgen suite</c> on the KernelBench sample at the reduced size, through the real CLI and worker. In the
/// QuickStart tests' collection: both build the CLI in Release, and concurrent builds of one project collide.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(nameof(QuickStartEndToEndTests))]
public sealed class KernelBenchSuiteEndToEndTests
{
    const string Project = "samples/KernelBench/KernelBench.csproj";
    const string FoldedModule = "KernelBench.Level2.P14_Gemm_Divide_Sum_Scaling";
    static readonly string[] ModulesWithKernels = [FoldedModule, "KernelBench.Level2.P18_Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp"];

    [Fact]
    public void Kernelgen_suite_verifies_and_measures_the_committed_kernels_and_scores_fast_p_over_every_problem()
    {
        var lockPath = Path.Combine(DotnetCli.RepositoryRoot, "samples/KernelBench/kernels", FoldedModule, "kernelgen.lock.json");
        var lockBefore = File.ReadAllText(lockPath);

        var suite = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(10),
            "run", "--project", "src/KernelGen.Cli", "-c", "Release", "--disable-build-servers", "--",
            "suite", "--project", Project, "--size", "reduced", "--json");

        Assert.True(suite.ExitCode == 0, suite.ToString());
        // --json: the worker's progress (trials, samples) and the steps are not shown anywhere.
        Assert.DoesNotContain("verifying 100 trials", suite.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("] verify and benchmark ", suite.Output, StringComparison.Ordinal);
        var report = JsonNode.Parse(suite.StandardOutput[suite.StandardOutput.IndexOf('{')..])!;
        Assert.Equal("reduced", (string?)report["size"]);
        var problems = report["problems"]!.AsArray();
        var total = (int)report["totalProblems"]!;
        Assert.Equal(problems.Count, total);
        Assert.True(total >= 40, $"{total} problems");

        var folded = problems.Single(p => (string?)p!["module"] == FoldedModule)!;
        Assert.Equal("kernel", (string?)folded["status"]);
        Assert.True((bool)folded["correct"]!);
        Assert.Equal("gemm-sum-folded", (string?)folded["bestVariant"]);
        var benchmark = folded["benchmark"]!;
        Assert.True((double)benchmark["speedup"]! > 0);
        Assert.True((double)benchmark["speedupCi95Low"]! <= (double)benchmark["speedup"]!);
        Assert.True((double)benchmark["kernelBandwidthPercentOfPeak"]! is > 0 and <= 110);

        // Every problem without a kernel cache is counted in every denominator, never in a numerator.
        Assert.All(problems.Where(p => !ModulesWithKernels.Contains((string?)p!["module"])), p => Assert.Equal("reference only", (string?)p!["status"]));
        Assert.All(problems.Where(p => ModulesWithKernels.Contains((string?)p!["module"])), p => Assert.True((bool)p!["correct"]!));
        var correct = problems.Where(p => (bool)p!["correct"]!).ToList();
        Assert.Equal(correct.Count, (int)report["correctProblems"]!);
        Assert.Equal(correct.Count, (int)report["fastP"]!["0"]!["count"]!);
        foreach (var p in new[] { 1.0, 1.5, 2.0 })
        {
            var expected = correct.Count(c => c!["benchmark"] is { } b && !(bool)b["tooSmallToMeasure"]! && (double)b["speedup"]! > p);
            var fast = report["fastP"]![p.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
            Assert.Equal(expected, (int)fast["count"]!);
            Assert.Equal(total, (int)fast["total"]!);
        }

        Assert.Equal(lockBefore, File.ReadAllText(lockPath));   // the suite reports; it never rewrites evidence
    }

    [Fact]
    public void An_unknown_size_is_a_usage_error()
    {
        var suite = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(5),
            "run", "--project", "src/KernelGen.Cli", "-c", "Release", "--disable-build-servers", "--",
            "suite", "--project", Project, "--size", "huge");
        Assert.True(suite.ExitCode == 2, suite.ToString());
        Assert.Contains("huge", suite.Output, StringComparison.Ordinal);
    }
}
