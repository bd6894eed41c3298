using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>What the evidence of an accepted kernel says about the trials: special values ran, degenerate problems are flagged.</summary>
[Collection(WorkerCollection.Name)]
public sealed class ProtocolEvidenceTests(WorkerFixture fixture)
{
    async Task<VerificationEvidence> AcceptedEvidence(ModuleDescription module, string kernelName)
    {
        var kernel = GoodKernels.All.Single(k => k.Name == kernelName);
        var result = (await fixture.Evaluator.EvaluateAsync(module, WorkerFixture.AssemblyPath, kernel.Source, "candidate.cs", kernel.Name, benchmark: false)).Result;
        Assert.True(result.Verdict == Verdict.Accepted, $"{result.FailingCheck}: {result.Reason}");
        return result.Verification!;
    }

    [Fact]
    public async Task A_rejection_names_its_seed_and_that_seed_reproduces_it()
    {
        var kernel = BadKernels.All.Single(k => k.Name == "rmsnorm-wrong-epsilon");
        async Task<string?> Reason() =>
            (await fixture.Evaluator.EvaluateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath, kernel.Source, "candidate.cs", kernel.Name, seed: 4242, benchmark: false)).Result.Reason;

        var first = await Reason();
        Assert.EndsWith("[seed 4242]", first);
        Assert.Equal(first, await Reason());
    }

    [Fact]
    public async Task Trials_include_special_value_inputs()
    {
        var evidence = await AcceptedEvidence(fixture.SiluMul, "silumul-scalar");
        var special = Assert.Single(evidence.Distributions, d => d.Name.StartsWith("special values", StringComparison.Ordinal));
        Assert.True(special.Trials >= 10, $"{special.Trials} special-value trials");
    }

    [Fact]
    public async Task Softmax_over_8192_elements_is_flagged_as_having_tiny_outputs()
    {
        var evidence = await AcceptedEvidence(fixture.Softmax, "softmax-max-subtracted");
        Assert.Contains(evidence.DegenerateOutputs, f => f.Contains("absolute tolerance would accept all zeros", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rmsnorm_outputs_are_not_flagged()
    {
        var evidence = await AcceptedEvidence(fixture.RmsNorm, "rmsnorm-float-serial");
        Assert.Empty(evidence.DegenerateOutputs);
    }
}
