using KernelGen.Engine.Compilation;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Fixtures;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Tests;

/// <summary>Each candidate goes through the whole pipeline (compile, policy, ABI, real worker) and must end for the right reason.</summary>
[Collection(WorkerCollection.Name)]
public sealed class VerificationTests(WorkerFixture fixture)
{
    Task<CandidateEvaluation> Evaluate(ModuleDescription module, string source, bool benchmark = false) =>
        fixture.Evaluator.EvaluateAsync(module, WorkerFixture.AssemblyPath, source, "candidate.cs", "candidate", benchmark: benchmark);

    /// <summary>Runs compiled bytes in the worker without the policy, to show the worker's own checks catch the kernel.</summary>
    Task<EvaluationResult> EvaluateBypassingPolicy(string source, WorkerClient? worker = null)
    {
        var compiled = CandidateCompiler.Compile(source, "candidate.cs", "Bypass" + Guid.NewGuid().ToString("N"));
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Errors));
        return new CandidateEvaluator(worker ?? fixture.Worker)
            .EvaluateCompiledAsync(fixture.RmsNorm.Module, WorkerFixture.AssemblyPath, compiled.AssemblyBytes!, "Candidates.RmsNormKernel", "bypass", benchmark: false);
    }

    static void AssertRejected(EvaluationResult result, string check, string reasonFragment)
    {
        Assert.Equal(Verdict.Rejected, result.Verdict);
        Assert.True(check == result.FailingCheck, $"expected failing check '{check}', got '{result.FailingCheck}': {result.Reason}");
        Assert.Contains(reasonFragment, result.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.False(result.Selected);
    }

    [Fact]
    public async Task Correct_rmsnorm_kernel_is_accepted_with_evidence_and_a_benchmark()
    {
        var evaluation = await Evaluate(fixture.RmsNorm, Kernels.CorrectRmsNorm, benchmark: true);
        var result = evaluation.Result;

        Assert.True(result.Verdict == Verdict.Accepted, $"{result.FailingCheck}: {result.Reason}");
        Assert.Equal("Candidates.RmsNormKernel", evaluation.EntryPoint);
        Assert.All(result.Checks, c => Assert.True(c.Passed, c.Name));
        Assert.Contains(result.Checks, c => c.Name == "oracle-accuracy");

        var evidence = result.Verification!;
        Assert.True(evidence.Trials >= 100);
        Assert.True(evidence.Distributions.Count >= 6);
        Assert.InRange(evidence.MaxErrorRatio, 0, 1);
        Assert.True(evidence.Shapes.Count > 3, "perturbed shapes were tested");

        // x's rows are a symbol verified from 1 to 127; its width is tied to the weight and stays fixed.
        var domain = result.ShapeDomain!;
        var symbol = Assert.Single(domain.Symbols);
        Assert.Equal((1, 127), (symbol.Min, symbol.Max));
        Assert.Equal(["N", "64"], domain.Arguments[0].Select(d => d.ToString()));
        Assert.Equal(["64"], domain.Arguments[1].Select(d => d.ToString()));
        Assert.Equal(["N", "64"], domain.Output.Select(d => d.ToString()));

        var benchmark = result.Benchmark!;
        Assert.True(benchmark.ReferenceSamplesMs.Count >= 30 && benchmark.CandidateSamplesMs.Count >= 30);
        Assert.True(benchmark.SpeedupCi95Low <= benchmark.Speedup && benchmark.Speedup <= benchmark.SpeedupCi95High);
        Assert.Equal(result.Selected, benchmark.SpeedupCi95Low > 1.0 && !benchmark.TooSmallToMeasure);
        Assert.False(string.IsNullOrEmpty(benchmark.Machine.Cpu));
        Assert.Equal("PASSIVE", benchmark.Machine.Environment["OMP_WAIT_POLICY"]);
    }

    [Fact]
    public async Task Correct_elementwise_kernel_is_accepted_over_two_symbols()
    {
        var result = (await Evaluate(fixture.SiluMul, Kernels.CorrectSiluMul)).Result;

        Assert.True(result.Verdict == Verdict.Accepted, $"{result.FailingCheck}: {result.Reason}");
        Assert.Equal(["N", "M"], result.ShapeDomain!.Symbols.Select(s => s.Name));
        Assert.Equal(["N", "M"], result.ShapeDomain.Output.Select(d => d.ToString()));
        Assert.Equal(result.ShapeDomain.Arguments[0], result.ShapeDomain.Arguments[1]);
    }

    [Fact]
    public async Task Verification_uses_a_fresh_recorded_seed_each_run()
    {
        var first = (await Evaluate(fixture.SiluMul, Kernels.CorrectSiluMul)).Result.Verification!;
        var second = (await Evaluate(fixture.SiluMul, Kernels.CorrectSiluMul)).Result.Verification!;
        Assert.NotEqual(first.Seed, second.Seed);
    }

    [Fact]
    public async Task All_zeros_output_is_rejected_for_accuracy() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.AllZeros)).Result, "oracle-accuracy", "exceeds");

    [Fact]
    public async Task Kernel_ignoring_the_weight_is_rejected_for_accuracy() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.IgnoresWeight)).Result, "oracle-accuracy", "exceeds");

    [Fact]
    public async Task Kernel_skipping_the_tail_is_caught_by_the_poisoned_output() =>
        AssertRejected((await Evaluate(fixture.SiluMul, Kernels.SkipsTail)).Result, "poisoned-output", "not written");

    [Fact]
    public async Task Kernel_leaving_output_unwritten_is_caught_by_the_poisoned_output() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.LeavesOutputUnwritten)).Result, "poisoned-output", "initial contents");

    [Fact]
    public async Task Kernel_writing_its_input_is_caught_by_the_worker() =>
        AssertRejected(await EvaluateBypassingPolicy(Kernels.WritesInput), "inputs-unchanged", "modified input 0");

    [Fact]
    public async Task Kernel_writing_its_input_is_first_stopped_by_the_policy() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.WritesInput)).Result, "api-policy", "MemoryMarshal");

    [Fact]
    public async Task Static_cache_is_rejected_by_the_policy() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.StaticCache)).Result, "api-policy", "lastOutput");

    [Fact]
    public async Task File_system_access_is_rejected_by_the_policy() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.UsesFileSystem)).Result, "api-policy", "IO is not allowed");

    [Fact]
    public async Task Throwing_kernel_is_rejected_with_its_message() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.Throws)).Result, "exceptions", "kernel exploded on purpose");

    [Fact]
    public async Task Endless_kernel_is_killed_at_the_timeout()
    {
        var impatient = new WorkerClient(WorkerOptions.Default with { EvaluateTimeout = TimeSpan.FromSeconds(8) });
        var result = (await new CandidateEvaluator(impatient).EvaluateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath, Kernels.InfiniteLoop, "candidate.cs", "loop")).Result;
        AssertRejected(result, "worker", "timed out after 8 s");
    }

    [Fact]
    public async Task Kernel_exiting_the_process_is_a_rejection_not_a_crash() =>
        AssertRejected(await EvaluateBypassingPolicy(Kernels.ExitsProcess), "worker", "exited with code 3");

    [Fact]
    public async Task Environment_exit_is_first_stopped_by_the_policy() =>
        AssertRejected((await Evaluate(fixture.RmsNorm, Kernels.ExitsProcess)).Result, "api-policy", "environment");

    [Fact]
    public async Task Non_compiling_kernel_is_rejected_with_file_and_line()
    {
        var result = (await Evaluate(fixture.RmsNorm, Kernels.DoesNotCompile)).Result;
        AssertRejected(result, "compile", "candidate.cs(11,");
        Assert.Contains("CS1002", result.Reason);
    }
}
