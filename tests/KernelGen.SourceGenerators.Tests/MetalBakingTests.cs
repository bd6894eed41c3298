using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

/// <summary>Metal variants in a lock: baked as UTF-8 MSL next to the CPU variants, or rejected with KG0007 when the file breaks the Metal kernel ABI.</summary>
public sealed class MetalBakingTests : IDisposable
{
    const string MetalFile = "metal/rmsnorm-rows.metal";
    const string MetalEntryPoint = "rmsnorm_rows";
    const string GoodParameters =
        "device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]], device float* out [[buffer(2)]], constant long& n [[buffer(3)]], uint row [[thread_position_in_grid]]";

    readonly TestProject project = new();

    public void Dispose() => project.Dispose();

    static string MetalKernel(string launch = "// kernelgen:launch threads=N threadgroup=32", string parameters = GoodParameters, string prelude = "#include <metal_stdlib>") => $$"""
        {{prelude}}
        using namespace metal;

        {{launch}}
        kernel void {{MetalEntryPoint}}({{parameters}})
        {
            if ((long)row >= n) return;
            float sum = 0.0f;
            for (int c = 0; c < 8; c++) sum += x[row * 8 + c] * x[row * 8 + c];
            float scale = rsqrt(sum / 8.0f + 1e-6f);
            for (int c = 0; c < 8; c++) out[row * 8 + c] = x[row * 8 + c] * scale * weight[c];
        }
        """;

    GeneratorRun RunWithMetalVariant(string metalSource, string? hashedSource = null)
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteCacheFile($"{Fixtures.ModuleName}/{MetalFile}", metalSource);
        project.WriteVerifiedKernel(module, configure: builder =>
            builder.Variants.Insert(0, new LockFileBuilder.VariantSpec("rmsnorm-metal-rows", MetalFile, AbiHashes.KernelFile(hashedSource ?? metalSource))
            {
                Backend = "metal",
                EntryPoint = MetalEntryPoint,
            }));
        return project.Run();
    }

    [Fact]
    public void VerifiedMetalVariant_IsBakedAsUtf8Source_BeforeTheCpuVariant_AndCompiles()
    {
        var run = RunWithMetalVariant(MetalKernel());

        run.AssertOnlyDiagnostics();
        Assert.Empty(run.CompilationProblems());
        var module = run.ModuleSource;
        var metal = module.IndexOf("new global::KernelGen.Metal.MetalKernelVariant(", StringComparison.Ordinal);
        var cpu = module.IndexOf("new global::KernelGen.Runtime.CpuKernelVariant(", StringComparison.Ordinal);
        Assert.True(metal >= 0 && cpu > metal, module);
        Assert.Contains("\"rmsnorm_rows\",", module);
        Assert.Contains("u8)", module);
        Assert.Contains("rsqrt(sum / 8.0f + 1e-6f)", module);
        // MSL is data: no generated source file is added for it.
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.Contains("rmsnorm-metal-rows", StringComparison.Ordinal));
    }

    [Fact]
    public void MetalFileWithWindowsLineEndings_BakesTheTextTheHashCovers()
    {
        var run = RunWithMetalVariant(MetalKernel().Replace("\n", "\r\n"));

        run.AssertOnlyDiagnostics();
        Assert.Contains("MetalKernelVariant", run.ModuleSource);
        Assert.DoesNotContain("\\r\\n", run.ModuleSource);
    }

    [Theory]
    [InlineData("// no launch line", "exactly one '// kernelgen:launch")]
    [InlineData("// kernelgen:launch threads=M", "'M' is neither a positive integer nor a symbol of the shape domain (N)")]
    [InlineData("// kernelgen:launch threads=N/0", "the divisor after '/' must be a positive integer")]
    [InlineData("// kernelgen:launch threads=N threadgroup=2048", "'threadgroup=2048'")]
    [InlineData("// kernelgen:launch grid=N block=32", "'grid=N'")]
    [InlineData("// kernelgen:launch threadgroup=64", "needs threads=<expression>")]
    public void BadLaunchLine_ReportsKG0007_AndBakesNothing(string launch, string expected)
    {
        var run = RunWithMetalVariant(MetalKernel(launch));

        var diagnostic = run.Single("KG0007");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(expected, diagnostic.GetMessage());
        Assert.EndsWith(".metal", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.DoesNotContain("MetalKernelVariant", run.ModuleSource);
    }

    [Theory]
    [InlineData("device float* x [[buffer(0)]], device const float* weight [[buffer(1)]], device float* out [[buffer(2)]], constant long& n [[buffer(3)]], uint row [[thread_position_in_grid]]",
        "buffer 0 of 'rmsnorm_rows' is 'device float*'")]
    [InlineData("device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]], device const float* out [[buffer(2)]], constant long& n [[buffer(3)]], uint row [[thread_position_in_grid]]",
        "buffer 2 of 'rmsnorm_rows' is 'device const float*'")]
    [InlineData("device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]], device float* out [[buffer(2)]], constant int& n [[buffer(3)]], uint row [[thread_position_in_grid]]",
        "buffer 3 of 'rmsnorm_rows' is 'constant int&'")]
    [InlineData("device const float* x [[buffer(0)]], device const float* weight [[buffer(2)]], device float* out [[buffer(1)]], constant long& n [[buffer(3)]], uint row [[thread_position_in_grid]]",
        "is bound at [[buffer(2)]]; the ABI's buffer 1 must come next")]
    [InlineData("device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]], device float* out [[buffer(2)]], uint row [[thread_position_in_grid]]",
        "binds 3 buffers")]
    [InlineData("device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]], device float* out [[buffer(2)]], constant long& n [[buffer(3)]], uint row",
        "parameter 5 of 'rmsnorm_rows' is not '<type> <name> [[attribute]]'")]
    [InlineData("device const half* x [[buffer(0)]], device const float* weight [[buffer(1)]], device float* out [[buffer(2)]], constant long& n [[buffer(3)]], uint row [[thread_position_in_grid]]",
        "buffer 0 of 'rmsnorm_rows' is 'device const half*'")]
    public void SignatureOffTheContract_ReportsKG0007_WithTheExpectedSignature(string parameters, string expected)
    {
        var run = RunWithMetalVariant(MetalKernel(parameters: parameters));

        var message = run.Single("KG0007").GetMessage();
        Assert.Contains(expected, message);
        Assert.Contains("kernel void rmsnorm_rows(device const float* a0 [[buffer(0)]], device const float* a1 [[buffer(1)]], device float* out [[buffer(2)]], constant long& s0 [[buffer(3)]], uint gid [[thread_position_in_grid]])", message);
    }

    [Theory]
    [InlineData("#include \"helpers.h\"")]
    [InlineData("#include <metal_math>")]
    [InlineData("#import <Foundation/Foundation.h>")]
    public void IncludeOtherThanMetalStdlib_ReportsKG0007(string prelude)
    {
        var run = RunWithMetalVariant(MetalKernel(prelude: prelude));

        Assert.Contains("only #include <metal_stdlib> is allowed", run.Single("KG0007").GetMessage());
    }

    [Fact]
    public void DeclarationOnlyInACommentOrString_IsNotAnEntryPoint()
    {
        var source = MetalKernel().Replace("kernel void rmsnorm_rows(", "/* kernel void rmsnorm_rows(int) */ static void rmsnorm_rows_impl(", StringComparison.Ordinal);

        var run = RunWithMetalVariant(source);

        Assert.Contains("declares no 'kernel void rmsnorm_rows(...)'", run.Single("KG0007").GetMessage());
    }

    [Fact]
    public void PrecompiledMetallibForTheVerifiedFile_IsBakedAsAConstantByteArray_AndCompiles()
    {
        var source = MetalKernel();
        project.WriteCacheFile($"{Fixtures.ModuleName}/{MetalFile}.metallib.base64",
            $"kernelgen-metallib/1 sha256={AbiHashes.KernelFile(source)}\n{Convert.ToBase64String([0x4D, 0x54, 0x4C, 0x42, 0x01, 0x80])}\n");

        var run = RunWithMetalVariant(source);

        run.AssertOnlyDiagnostics();
        Assert.Empty(run.CompilationProblems());
        Assert.Contains("static () => new byte[]", run.ModuleSource);
        Assert.Contains("0x4D, 0x54, 0x4C, 0x42, 0x01, 0x80,", run.ModuleSource);
    }

    [Theory]
    [InlineData("kernelgen-metallib/1 sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("no header")]
    public void MetallibBuiltFromAnotherVersionOfTheFile_IsNotBaked_AndTheSourceStillIs(string header)
    {
        project.WriteCacheFile($"{Fixtures.ModuleName}/{MetalFile}.metallib.base64", $"{header}\n{Convert.ToBase64String([0x4D, 0x54, 0x4C, 0x42])}\n");

        var run = RunWithMetalVariant(MetalKernel());

        run.AssertOnlyDiagnostics();
        Assert.Contains("MetalKernelVariant", run.ModuleSource);
        Assert.DoesNotContain("new byte[]", run.ModuleSource);
    }

    [Fact]
    public void EditedMetalFile_ReportsKG0003_HashMismatch()
    {
        var source = MetalKernel();

        var run = RunWithMetalVariant(source + "// edited\n", hashedSource: source);

        Assert.Contains("does not match the lock", run.Single("KG0003").GetMessage());
        Assert.DoesNotContain("MetalKernelVariant", run.ModuleSource);
    }
}
