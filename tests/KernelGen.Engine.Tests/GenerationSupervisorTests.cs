using KernelGen.Engine.Cache;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Fixtures;
using KernelGen.Engine.Tests.Generation;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests;

/// <summary>The generation loop with a real worker: answers → code → compile/verify → feedback → the supervisor's commit.</summary>
[Collection(WorkerCollection.Name)]
public sealed class GenerationSupervisorTests(WorkerFixture fixture) : IDisposable
{
    readonly string cacheFolder = Directory.CreateTempSubdirectory("kernelgen-generate-").FullName;

    public void Dispose() => Directory.Delete(cacheFolder, recursive: true);

    GenerationSupervisor Supervisor(IReadOnlyList<SwarmModel> models, int candidates, int turns, double? target = null) =>
        new(models, new KernelPromptBuilder(), fixture.Evaluator, new KernelCache(cacheFolder),
            new SwarmSettings(new GenerationBudgets(candidates, turns, null, null, null), target));

    static RunBudget Unbounded => new(GenerationBudgets.Default);

    static string Fenced(string code) => $"Here is the kernel.\n```csharp\n{code}\n```\nIt is fast.";

    [Fact]
    public async Task A_compile_error_is_fed_back_and_the_next_verified_answer_is_committed_with_llm_provenance()
    {
        var broken = Kernels.CorrectRmsNorm.Replace("ws.Span", "ws.Spam", StringComparison.Ordinal);
        var model = new ScriptedChatClient("I cannot write code today.", Fenced(broken), Fenced(Kernels.CorrectRmsNorm));

        var result = await Supervisor([SwarmModels.Of("scripted", model)], candidates: 3, turns: 3).GenerateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath, Unbounded);

        Assert.Equal(3, result.Attempts.Count);
        Assert.StartsWith("no usable code", result.Attempts[0].Outcome);
        Assert.StartsWith("rejected by compile", result.Attempts[1].Outcome);
        Assert.Contains("Spam", model.Requests[2]); // the compiler's complaint reached the model
        var committed = Assert.IsType<KernelVariantEntry>(result.Committed);
        Assert.Equal("scripted-t3", committed.Id);

        var kernelLock = new KernelCache(cacheFolder).TryReadLock(fixture.RmsNorm.Module)!;
        var variant = Assert.Single(kernelLock.Variants);
        Assert.Equal(VariantStatus.Verified, variant.Status);
        Assert.Equal((KernelProvenance.Llm, "scripted", "scripted-model", 3), (variant.Provenance.Origin, variant.Provenance.Provider, variant.Provenance.Model, variant.Provenance.Attempt));
        Assert.Equal(new KernelPromptBuilder().PromptTemplateSha256, variant.Provenance.PromptTemplateSha256);
        Assert.Equal(fixture.RmsNorm.Fingerprint, kernelLock.Fingerprint);
    }

    [Fact]
    public async Task When_every_turn_fails_verification_nothing_is_written()
    {
        var model = new ScriptedChatClient(Fenced(Kernels.AllZeros), Fenced(Kernels.AllZeros));

        var result = await Supervisor([SwarmModels.Of("scripted", model)], candidates: 2, turns: 2).GenerateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath, Unbounded);

        Assert.Null(result.Committed);
        Assert.StartsWith("rejected by oracle-accuracy", result.Attempts[0].Outcome);
        Assert.StartsWith("same code as scripted-t1", result.Attempts[1].Outcome); // its verdict is known: not evaluated again
        Assert.Contains("oracle-accuracy", model.Requests[1]);
        Assert.Empty(Directory.GetFileSystemEntries(cacheFolder));
    }
}
