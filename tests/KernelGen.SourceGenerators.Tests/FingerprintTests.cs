using System.Text.RegularExpressions;
using KernelGen.SourceGenerators.Tests.Infrastructure;

namespace KernelGen.SourceGenerators.Tests;

public sealed partial class FingerprintTests
{
    [Fact]
    public void CommentsWhitespaceAndFormatting_DoNotChangeTheFingerprint()
    {
        var original = Fixtures.RmsNorm();
        var reformatted = original
            .Replace("    const double Eps = 1e-6;", "    // epsilon, as in the paper\n    const double   Eps = 1e-6;   /* fingerprinted */")
            .Replace("Tensor Reference(Tensor x) => ", "Tensor Reference( Tensor x )\n        => ")
            .Replace("\n", "\r\n");

        Assert.NotEqual(original, reformatted);
        Assert.Equal(TestProject.FingerprintOf(original), TestProject.FingerprintOf(reformatted));
    }

    [Theory]
    [InlineData("x * rsqrt((x * x).mean(new long[] { -1 }, true) + Eps) * weight", "x * rsqrt((x * x).mean(new long[] { -1 }, true) + Eps)")]
    [InlineData("const double Eps = 1e-6;", "const double Eps = 1e-5;")]
    [InlineData("weight = nn.Parameter(ones(8));", "weight = nn.Parameter(ones(16));")]
    public void AnyTokenOfTheModule_ChangesTheFingerprint(string before, string after)
    {
        var original = Fixtures.RmsNorm();
        var changed = original.Replace(before, after);

        Assert.NotEqual(original, changed);
        Assert.NotEqual(TestProject.FingerprintOf(original), TestProject.FingerprintOf(changed));
    }

    [Fact]
    public void PartialDeclarationsInSeveralFiles_GiveTheSameFingerprintInAnyFileOrder()
    {
        var state = Fixtures.Usings + """
            public sealed partial class RmsNorm
            {
                const double Eps = 1e-6;
            }
            """;
        var reference = Fixtures.Usings + """
            [GenerateKernels]
            public sealed partial class RmsNorm : nn.Module<Tensor, Tensor>
            {
                public RmsNorm() : base(nameof(RmsNorm)) { }

                [KernelReference]
                Tensor Reference(Tensor x) => x * rsqrt((x * x).mean(new long[] { -1 }, true) + Eps);
            }
            """;

        var forward = RunFingerprint(("A.cs", state), ("B.cs", reference));
        var backward = RunFingerprint(("A.cs", reference), ("B.cs", state));

        Assert.Equal(forward.Fingerprint, backward.Fingerprint);
        Assert.Equal(forward.Source, backward.Source);
        Assert.Contains("const double Eps", forward.Source);
        Assert.Contains("[KernelReference]", forward.Source);
    }

    static (string Fingerprint, string Source) RunFingerprint(params (string File, string Text)[] files)
    {
        using var project = new TestProject();
        foreach (var (file, text) in files) project.AddSource(text, file);
        var match = AttributePattern().Match(project.Run().ModuleSource);
        Assert.True(match.Success);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    [GeneratedRegex("KernelModule\\(\"([0-9a-f]{64})\", (\".*\")\\)\\]")]
    private static partial Regex AttributePattern();
}
