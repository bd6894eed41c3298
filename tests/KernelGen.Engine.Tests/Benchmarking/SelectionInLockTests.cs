using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests.Benchmarking;

/// <summary>The selection rule as the lock records it: what the generator bakes is exactly what the rule selects.</summary>
public sealed class SelectionInLockTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("kernelgen-selection-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly ModuleDescription Module = new("Tests.RmsNorm", new string('4', 64), "src", LockFileTests.SampleLock().Contract);

    static EvaluationResult Accepted(double ciLow, bool tooSmall) => new(
        Verdict.Accepted, null, null, [new CheckResult("oracle-accuracy", true, "ok")],
        LockFileTests.SampleLock().Variants[0].ShapeDomain,
        new VerificationEvidence(7, 100, "float64", "metric", 4, 4.8e-7, 0.1, 1e-7, 1e-7, [], [], ["NaN"], ["oracle-accuracy"], 1.5),
        new BenchmarkResult(new MachineDescription("cpu", 2, "linux", ".NET", new Dictionary<string, string>()), "eager", "cold", [[48, 64]], 10,
            0.04, 0.02, 2, ciLow, 2.5, 2000, 1, [0.04], [0.02]) { TooSmallToMeasure = tooSmall });

    [Theory]
    [InlineData(1.5, false, true)]
    [InlineData(0.99, false, false)]
    [InlineData(1.5, true, false)]
    public void The_lock_selects_only_what_the_rule_selects_and_keeps_the_flag(double ciLow, bool tooSmall, bool selected)
    {
        var cache = new KernelCache(folder);
        cache.Commit(Module, "k", "// kernel", "K.Run", Accepted(ciLow, tooSmall),
            new KernelProvenance(KernelProvenance.HandWritten, null, null, null, 1, "2026-11-26T08:00:00Z"));

        var variant = Assert.Single(cache.TryReadLock(Module.Module)!.Variants);
        Assert.Equal(selected, variant.Selected);
        Assert.Equal(tooSmall, (bool)variant.Benchmark["tooSmallToMeasure"]!);
        Assert.Equal("cold", (string)variant.Benchmark["mode"]!);
    }
}
