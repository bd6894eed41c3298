using KernelGen.Engine.Compilation;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Fixtures;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>
/// Every corpus kernel through the whole pipeline (compile, policy, ABI, a real worker with the full 100 trials): bad
/// kernels must be rejected by the expected check, good ones accepted. Each case also runs KernelBench's criterion and
/// writes its row of the comparison table in docs/verification.md (see <see cref="ComparisonTable"/>).
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class CorpusTests(WorkerFixture fixture)
{
    /// <summary>Hangs are cut short so the suite stays fast; the full timeout is a separate test.</summary>
    static readonly WorkerClient Impatient = new(WorkerOptions.Default with { EvaluateTimeout = TimeSpan.FromSeconds(8) });

    /// <summary>A small managed heap, so a hoarding kernel hits the limit in a second and does not squeeze the machine.</summary>
    static readonly WorkerClient SmallHeap = new(WorkerOptions.Default with { EvaluateTimeout = TimeSpan.FromSeconds(120), ManagedHeapLimitBytes = 512L << 20 });

    public static TheoryData<string> BadKernelNames => [.. BadKernels.All.Select(k => k.Name)];

    public static TheoryData<string> GoodKernelNames => [.. GoodKernels.All.Select(k => k.Name)];

    [Fact]
    public void Corpus_is_as_large_as_issue_12_asks_and_names_are_unique()
    {
        Assert.True(BadKernels.All.Count >= 25, $"{BadKernels.All.Count} bad kernels");
        Assert.True(GoodKernels.All.Count >= 10, $"{GoodKernels.All.Count} good kernels");
        var names = BadKernels.All.Select(k => k.Name).Concat(GoodKernels.All.Select(k => k.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(BadKernelNames))]
    public async Task Bad_kernel_is_rejected_for_the_right_reason(string name)
    {
        var kernel = BadKernels.All.Single(k => k.Name == name);
        var result = await EvaluateAsync(kernel);

        Assert.True(result.Verdict == Verdict.Rejected, $"{name} was accepted");
        Assert.True(kernel.Check == result.FailingCheck, $"{name}: expected '{kernel.Check}', got '{result.FailingCheck}': {result.Reason}");
        Assert.Contains(kernel.ReasonFragment, result.Reason, StringComparison.OrdinalIgnoreCase);

        ComparisonTable.Write(kernel.Name, kernel.Cheat, kernel.Module, kernel.Hazard, kernel.Source, EntryPoint(kernel.Module), result);
    }

    [Theory]
    [MemberData(nameof(GoodKernelNames))]
    public async Task Good_kernel_is_accepted(string name)
    {
        var kernel = GoodKernels.All.Single(k => k.Name == name);
        var result = (await fixture.Evaluator.EvaluateAsync(Module(kernel.Module), WorkerFixture.AssemblyPath, kernel.Source, "candidate.cs", kernel.Name, benchmark: false)).Result;

        Assert.True(result.Verdict == Verdict.Accepted, $"{name}: {result.FailingCheck}: {result.Reason}");
        Assert.InRange(result.Verification!.MaxErrorRatio, 0, 1);

        ComparisonTable.Write(kernel.Name, kernel.Technique, kernel.Module, Hazard.None, kernel.Source, EntryPoint(kernel.Module), result);
    }

    async Task<EvaluationResult> EvaluateAsync(BadKernel kernel)
    {
        var worker = kernel.Hazard switch
        {
            Hazard.Hangs => Impatient,
            Hazard.ExhaustsMemory => SmallHeap,
            _ => fixture.Worker,
        };
        if (!kernel.BypassPolicy)
            return (await new CandidateEvaluator(worker).EvaluateAsync(Module(kernel.Module), WorkerFixture.AssemblyPath, kernel.Source, "candidate.cs", kernel.Name, benchmark: false)).Result;

        var compiled = CandidateCompiler.Compile(kernel.Source, "candidate.cs", "Bypass." + Guid.NewGuid().ToString("N"));
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Errors));
        return await new CandidateEvaluator(worker).EvaluateCompiledAsync(
            Module(kernel.Module).Module, WorkerFixture.AssemblyPath, compiled.AssemblyBytes!, EntryPoint(kernel.Module), kernel.Name, benchmark: false);
    }

    ModuleDescription Module(CorpusModule module) => module switch
    {
        CorpusModule.RmsNorm => fixture.RmsNorm,
        CorpusModule.SiluMul => fixture.SiluMul,
        _ => fixture.Softmax,
    };

    internal static string EntryPoint(CorpusModule module) => module switch
    {
        CorpusModule.RmsNorm => KernelSources.RmsNormEntryPoint,
        CorpusModule.SiluMul => KernelSources.SiluMulEntryPoint,
        _ => KernelSources.SoftmaxEntryPoint,
    };

    internal static Type ModuleType(CorpusModule module) => module switch
    {
        CorpusModule.RmsNorm => typeof(TestRmsNorm),
        CorpusModule.SiluMul => typeof(TestSiluMul),
        _ => typeof(TestSoftmax),
    };
}
