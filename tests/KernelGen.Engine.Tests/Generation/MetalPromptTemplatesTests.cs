using KernelGen.Engine.Cache;
using KernelGen.Engine.Generation;

namespace KernelGen.Engine.Tests.Generation;

/// <summary>
/// The Metal templates parse and render through the engine's real builder with its strict variables (a misspelt
/// or unknown variable fails). The builder has no Metal slot yet, so the templates are loaded through a template
/// directory in the CPU slot; run_signature is therefore the C# one here, which these tests do not inspect.
/// </summary>
public sealed class MetalPromptTemplatesTests : IDisposable
{
    static readonly KernelPromptContext RmsNorm = new(
        "QuickStart.RmsNorm", "Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;",
        [new TensorSpec("x", "float32", [4096, 4096])],
        [new TensorSpec("weight", "float32", [4096])],
        new TensorSpec("output", "float32", [4096, 4096]),
        BytesMoved: 134_234_112, BandwidthGBps: 100);

    readonly string directory = Directory.CreateTempSubdirectory("kernelgen-metal-prompts-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    KernelPromptBuilder Builder()
    {
        File.WriteAllText(Path.Combine(directory, PromptTemplates.InitialFileName), MetalPromptTemplates.Initial);
        File.WriteAllText(Path.Combine(directory, PromptTemplates.RefinementFileName), MetalPromptTemplates.Refinement);
        return new KernelPromptBuilder(directory);
    }

    [Fact]
    public void Initial_prompt_renders_the_contract_and_the_Metal_rules()
    {
        var prompt = Builder().BuildInitialPrompt(RmsNorm);

        Assert.Contains("| `x` | input | float32 | [4096, 4096] |\n| `weight` | state | float32 | [4096] |\n| `output` | output | float32 | [4096, 4096] |", prompt);
        Assert.Contains("// kernelgen:launch threads=<expression> threadgroup=<1..1024>", prompt);
        Assert.Contains("threadgroup_barrier(mem_flags::mem_threadgroup)", prompt);
        Assert.Contains("`simd_sum`", prompt);
        Assert.Contains("A float32 module computes in `float` throughout: no `half` intermediates", prompt);
        Assert.Contains("The kernel moves 134", prompt);
        Assert.DoesNotContain("{{", prompt);
    }

    public static TheoryData<RefinementFeedback, string> Feedback => new()
    {
        { new AnswerFormatFeedback("no ```metal block"), "could not be used: no ```metal block" },
        { new CompilerErrorsFeedback(["program_source:4:1: error: unknown type name 'flaot'"]), "- program_source:4:1: error: unknown type name 'flaot'" },
        { new VerificationFailureFeedback("oracle-accuracy", "max error 3e-4", [new VerificationEvidence("shape", "[7, 4096]")]), "a `half`\nintermediate in a float32 module" },
        { new BenchmarkFeedback(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(3)), "SIMD-group\nreductions" },
    };

    [Theory]
    [MemberData(nameof(Feedback))]
    public void Refinement_prompt_renders_every_feedback_kind(RefinementFeedback feedback, string expected)
    {
        var prompt = Builder().BuildRefinementPrompt(RmsNorm, feedback);

        Assert.Contains(expected, prompt);
        Assert.Contains("Answer with exactly one ```metal fenced code block", prompt);
    }
}
