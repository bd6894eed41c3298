using System.Reflection;
using KernelBench;

namespace KernelGen.Samples.Tests;

public sealed class KernelBenchCatalogTests
{
    [Fact]
    public void The_suite_has_at_least_15_level1_20_level2_and_5_level3_problems()
    {
        Assert.True(Problem.All.Count(p => p.Info.Level == 1) >= 15);
        Assert.True(Problem.All.Count(p => p.Info.Level == 2) >= 20);
        Assert.True(Problem.All.Count(p => p.Info.Level == 3) >= 5);
    }

    [Fact]
    public void Every_annotated_module_names_exactly_one_KernelBench_problem()
    {
        var annotated = typeof(Problem).Assembly.GetTypes().Where(t => t.IsDefined(typeof(GenerateKernelsAttribute))).ToList();
        Assert.Equal(annotated.Count, Problem.All.Count);
        Assert.All(annotated, t => Assert.NotNull(t.GetCustomAttribute<KernelBenchProblemAttribute>()));
        Assert.Equal(Problem.All.Count, Problem.All.Select(p => p.Key).Distinct().Count());
    }

    [Fact]
    public void Type_names_carry_the_KernelBench_id_and_name()
    {
        foreach (var problem in Problem.All)
        {
            Assert.Equal($"KernelBench.Level{problem.Info.Level}", problem.Type.Namespace);
            Assert.StartsWith($"P{problem.Info.Id}_", problem.Type.Name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("reduced", false)]
    [InlineData("full", true)]
    public void KERNELBENCH_SIZE_selects_full_or_reduced(string? value, bool full) => Assert.Equal(full, KernelBenchSize.Parse(value));

    [Fact]
    public void An_unknown_KERNELBENCH_SIZE_is_an_error_that_names_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KernelBenchSize.Parse("huge"));
        Assert.Contains("'full'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'reduced'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tests_run_at_the_reduced_size() => Assert.All(Problem.All, p => Assert.False(KernelBenchSize.IsFullFor(p.Type)));

    [Fact]
    public void KERNELBENCH_FULL_ONLY_lists_problem_keys()
    {
        Assert.Null(KernelBenchSize.ParseKeys(null));
        Assert.Null(KernelBenchSize.ParseKeys(" "));
        Assert.Equal(["L1-19", "L2-14"], KernelBenchSize.ParseKeys("L2-14, L1-19")!.Order());
    }

    [Fact]
    public void A_malformed_KERNELBENCH_FULL_ONLY_key_is_an_error_that_shows_the_format()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KernelBenchSize.ParseKeys("L2-14,gemm"));
        Assert.Contains("'gemm'", error.Message, StringComparison.Ordinal);
        Assert.Contains("L2-14", error.Message, StringComparison.Ordinal);
    }
}
