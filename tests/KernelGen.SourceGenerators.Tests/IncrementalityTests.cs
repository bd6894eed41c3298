using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Tests;

public sealed class IncrementalityTests : IDisposable
{
    const string Unrelated = """
        namespace QuickStart;

        public static class Helpers
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    static readonly string[] PipelineSteps =
    [
        TrackingNames.Modules, TrackingNames.Settings, TrackingNames.CacheFiles, TrackingNames.CacheFileSet,
        TrackingNames.Plans, TrackingNames.Diagnostics, TrackingNames.Outputs,
    ];

    readonly TestProject project = new();

    public IncrementalityTests()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module).AddSource(Unrelated, "Helpers.cs");
        project.WriteVerifiedKernel(module);
    }

    public void Dispose() => project.Dispose();

    [Fact]
    public void CommentInAnUnrelatedFile_LeavesEveryStepCachedOrUnchanged()
    {
        var (driver, compilation) = FirstRun();
        var helpers = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Helpers.cs", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(helpers, helpers.WithChangedText(SourceText.From("// a new comment\n" + Unrelated)));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertEveryStepCachedOrUnchanged(result);
    }

    [Fact]
    public void CodeEditInAnUnrelatedType_LeavesEveryStepCachedOrUnchanged()
    {
        var (driver, compilation) = FirstRun();
        var helpers = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Helpers.cs", StringComparison.Ordinal));
        var withNewMember = Unrelated.Replace("value * 2;", "value * 2;\n    public static int Thrice(int value) => value * 3;", StringComparison.Ordinal);
        Assert.NotEqual(Unrelated, withNewMember);
        var edited = compilation.ReplaceSyntaxTree(helpers, helpers.WithChangedText(SourceText.From(withNewMember)));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertEveryStepCachedOrUnchanged(result);
    }

    static void AssertEveryStepCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (var step in PipelineSteps)
        {
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void ChangeToTheReference_ModifiesTheModuleAndItsOutput()
    {
        var (driver, compilation) = FirstRun();
        var moduleTree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("RmsNorm.cs", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(moduleTree, CSharpSyntaxTree.ParseText(
            Fixtures.RmsNorm("x * weight"), (CSharpParseOptions)moduleTree.Options, moduleTree.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Modules].Single().Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Outputs].Single().Outputs.Single().Reason);
    }

    (GeneratorDriver Driver, Compilation Compilation) FirstRun()
    {
        var compilation = project.CreateCompilation();
        var driver = project.CreateDriver().RunGenerators(compilation);
        Assert.Contains("KernelBakeStatus.Baked", driver.GetRunResult().GeneratedTrees.First().ToString());
        return (driver, compilation);
    }
}
