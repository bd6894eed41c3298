using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

public sealed class ModuleRulesTests : IDisposable
{
    readonly TestProject project = new();

    public void Dispose() => project.Dispose();

    public static TheoryData<string, string, string> UnsupportedModules => new()
    {
        {
            "not partial",
            Fixtures.RmsNorm().Replace("public sealed partial class RmsNorm", "public sealed class RmsNorm"),
            "RmsNorm"
        },
        {
            "no reference",
            Fixtures.RmsNorm().Replace("[KernelReference]", ""),
            "RmsNorm"
        },
        {
            "user-written forward",
            Fixtures.RmsNorm().Replace("[KernelReference]", "public override Tensor forward(Tensor x) => Reference(x);\n\n    [KernelReference]"),
            "forward"
        },
        {
            "reference with another signature",
            Fixtures.RmsNorm().Replace("Tensor Reference(Tensor x)", "Tensor Reference(Tensor x, Tensor y)"),
            "Reference"
        },
        {
            "static reference",
            Fixtures.RmsNorm().Replace("Tensor Reference(Tensor x)", "static Tensor Reference(Tensor x)").Replace("* weight;", ";"),
            "Reference"
        },
        {
            "two references",
            Fixtures.RmsNorm().Replace("    [KernelReference]", "    [KernelReference]\n    Tensor Other(Tensor x) => x;\n\n    [KernelReference]"),
            "Reference"
        },
        {
            "not a tensor module",
            Fixtures.Usings + """
                [GenerateKernels]
                public sealed partial class Plain
                {
                    [KernelReference]
                    Tensor Reference(Tensor x) => x;
                }
                """,
            "Plain"
        },
        {
            "nested",
            Fixtures.Usings + """
                public static partial class Outer
                {
                    [GenerateKernels]
                    public sealed partial class Inner : nn.Module<Tensor, Tensor>
                    {
                        public Inner() : base("inner") { }

                        [KernelReference]
                        Tensor Reference(Tensor x) => x;
                    }
                }
                """,
            "Inner"
        },
    };

    [Theory]
    [MemberData(nameof(UnsupportedModules))]
    public void UnsupportedModule_ReportsKG0005_AtTheOffendingIdentifier_AndEmitsNothing(string reason, string source, string identifier)
    {
        project.AddSource(source);

        var run = project.Run();

        var diagnostic = run.Single("KG0005");
        Assert.True(diagnostic.Severity == DiagnosticSeverity.Error, reason);
        Assert.Equal(identifier, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.EndsWith("RmsNorm.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void ReferenceReadingAnInstanceField_ReportsKG0006_AndForwardCallsTheReference()
    {
        var source = Fixtures.RmsNorm().Replace("const double Eps = 1e-6;", "readonly double Eps = 1e-6;");
        project.AddSource(source);
        project.WriteVerifiedKernel(source);

        var run = project.Run();

        var diagnostic = run.Single("KG0006");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Eps'", diagnostic.GetMessage());
        Assert.Contains("const", diagnostic.GetMessage());
        Assert.Equal("Eps", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        run.AssertOnlyDiagnostics("KG0006");
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.Contains("static (m, a0) => m.Reference(a0)", run.ModuleSource);
        Assert.Single(run.GeneratedSources);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void ReferenceReadingACapturedPrimaryConstructorParameter_ReportsKG0006()
    {
        project.AddSource(Fixtures.Usings + """
            [GenerateKernels]
            public sealed partial class Scale(double factor) : nn.Module<Tensor, Tensor>(nameof(Scale))
            {
                [KernelReference]
                Tensor Reference(Tensor x) => x * factor;
            }
            """);

        var run = project.Run();

        Assert.Contains("'factor'", run.Single("KG0006").GetMessage());
        run.AssertOnlyDiagnostics("KG0006");
    }

    [Fact]
    public void ReferenceReadingSubmodulesParametersAndConstants_IsNotConfiguration()
    {
        project.AddSource(Fixtures.Usings + """
            [GenerateKernels]
            public sealed partial class Projection : nn.Module<Tensor, Tensor>
            {
                const double Slope = 0.1;
                readonly TorchSharp.Modules.Linear fc = nn.Linear(4, 4);
                readonly TorchSharp.Modules.Parameter bias = nn.Parameter(zeros(4));

                public Projection() : base(nameof(Projection)) => RegisterComponents();

                [KernelReference]
                Tensor Reference(Tensor x) => nn.functional.leaky_relu(fc.forward(x) + bias, Slope);
            }
            """);

        var run = project.Run();

        run.AssertOnlyDiagnostics("KG0001");
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void UserStaticConstructor_IsKept_AndTheGeneratorWritesNone()
    {
        var source = Fixtures.RmsNorm().Replace("    [KernelReference]", "    static RmsNorm() { }\n\n    [KernelReference]");
        project.AddSource(source);

        var run = project.Run();

        Assert.DoesNotContain("static RmsNorm() =>", run.ModuleSource);
        Assert.Empty(run.CompilationProblems());
    }
}
