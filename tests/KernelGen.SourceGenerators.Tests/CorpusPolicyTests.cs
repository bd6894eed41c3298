using KernelGen.Engine.Tests.Corpus;
using KernelGen.SourceGenerators.Kernels;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.SourceGenerators.Tests;

/// <summary>
/// The bake-time policy against the engine's adversarial corpus: what the engine's policy rejects, or what only a
/// policy bypass let into the worker, must not be bakeable either (a hand-edited, re-hashed kernel); correct kernels
/// must bake.
/// </summary>
public sealed class CorpusPolicyTests
{
    public static TheoryData<string> ForbiddenApiKernels =>
        [.. BadKernels.All.Where(k => k.Check == "api-policy" || k.BypassPolicy).Select(k => k.Name)];

    public static TheoryData<string> GoodKernelNames => [.. GoodKernels.All.Select(k => k.Name)];

    static IReadOnlyList<KernelViolation> Violations(string source) =>
        KernelSourcePolicy.FindViolations(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot());

    [Theory]
    [MemberData(nameof(ForbiddenApiKernels))]
    public void Kernel_the_engine_refuses_cannot_be_baked(string name) =>
        Assert.NotEmpty(Violations(BadKernels.All.Single(k => k.Name == name).Source));

    [Theory]
    [MemberData(nameof(GoodKernelNames))]
    public void Correct_kernel_can_be_baked(string name) =>
        Assert.Empty(Violations(GoodKernels.All.Single(k => k.Name == name).Source));
}
