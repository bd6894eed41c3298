using KernelGen.Engine.Cache;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Fixtures;
using KernelGen.Engine.Tests.Generation;

namespace KernelGen.Engine.Tests;

/// <summary>The whole generation loop with a real worker: answers → code → compile/verify → feedback → cache.</summary>
[Collection(WorkerCollection.Name)]
public sealed class GenerationPipelineTests(WorkerFixture fixture) : IDisposable
{
    readonly string cacheFolder = Directory.CreateTempSubdirectory("kernelgen-generate-").FullName;

    public void Dispose() => Directory.Delete(cacheFolder, recursive: true);

    GenerationPipeline Pipeline(ScriptedChatClient model, int turns) =>
        new(model, "scripted", new KernelPromptBuilder(), fixture.Evaluator, new KernelCache(cacheFolder), new GenerationOptions(turns));

    static string Fenced(string code) => $"Here is the kernel.\n```csharp\n{code}\n```\nIt is fast.";

    [Fact]
    public async Task A_compile_error_is_fed_back_and_the_next_verified_answer_is_committed_with_llm_provenance()
    {
        var broken = Kernels.CorrectRmsNorm.Replace("ws.Span", "ws.Spam", StringComparison.Ordinal);
        var model = new ScriptedChatClient("I cannot write code today.", Fenced(broken), Fenced(Kernels.CorrectRmsNorm));

        var result = await Pipeline(model, turns: 3).GenerateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath);

        Assert.Equal(3, result.Turns.Count);
        Assert.StartsWith("no usable code", result.Turns[0].Outcome);
        Assert.StartsWith("rejected by compile", result.Turns[1].Outcome);
        Assert.Contains("Spam", model.Requests[2]); // the compiler's complaint reached the model
        var committed = Assert.IsType<KernelVariantEntry>(result.Committed);
        Assert.Equal("scripted-scripted-model-t3", committed.Id);

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

        var result = await Pipeline(model, turns: 2).GenerateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath);

        Assert.Null(result.Committed);
        Assert.All(result.Turns, t => Assert.StartsWith("rejected by oracle-accuracy", t.Outcome));
        Assert.Contains("oracle-accuracy", model.Requests[1]);
        Assert.Empty(Directory.GetFileSystemEntries(cacheFolder));
    }
}
