using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

/// <summary>CUDA variants in a lock: baked as UTF-8 source next to the CPU variants, or rejected with KG0007 when the file breaks the CUDA kernel ABI.</summary>
public sealed class CudaBakingTests : IDisposable
{
    const string CudaFile = "cuda/rmsnorm-rows.cu";
    const string CudaEntryPoint = "rmsnorm_rows";

    readonly TestProject project = new();

    public void Dispose() => project.Dispose();

    static string CudaKernel(string launch = "// kernelgen:launch grid=N block=32", string parameters = "const float* __restrict__ x, const float* __restrict__ weight, float* __restrict__ out, long long n", string prelude = "") => $$"""
        {{prelude}}
        {{launch}}
        extern "C" __global__ void {{CudaEntryPoint}}({{parameters}})
        {
            long long row = blockIdx.x;
            if (row >= n) return;
            float sum = 0.0f;
            for (int c = 0; c < 8; c++) sum += x[row * 8 + c] * x[row * 8 + c];
            float scale = rsqrtf(sum / 8.0f + 1e-6f);
            for (int c = threadIdx.x; c < 8; c += blockDim.x) out[row * 8 + c] = x[row * 8 + c] * scale * weight[c];
        }
        """;

    GeneratorRun RunWithCudaVariant(string cudaSource)
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteCacheFile($"{Fixtures.ModuleName}/{CudaFile}", cudaSource);
        project.WriteVerifiedKernel(module, configure: builder =>
            builder.Variants.Insert(0, new LockFileBuilder.VariantSpec("rmsnorm-cuda-rows", CudaFile, AbiHashes.KernelFile(cudaSource))
            {
                Backend = "cuda",
                EntryPoint = CudaEntryPoint,
            }));
        return project.Run();
    }

    [Fact]
    public void VerifiedCudaVariant_IsBakedAsUtf8Source_BeforeTheCpuVariant_AndCompiles()
    {
        var source = CudaKernel();

        var run = RunWithCudaVariant(source);

        run.AssertOnlyDiagnostics();
        Assert.Empty(run.CompilationProblems());
        var module = run.ModuleSource;
        var cuda = module.IndexOf("new global::KernelGen.Cuda.CudaKernelVariant(", StringComparison.Ordinal);
        var cpu = module.IndexOf("new global::KernelGen.Runtime.CpuKernelVariant(", StringComparison.Ordinal);
        Assert.True(cuda >= 0 && cpu > cuda, module);
        Assert.Contains("\"rmsnorm_rows\",", module);
        Assert.Contains("u8)", module);
        Assert.Contains("rsqrtf(sum / 8.0f + 1e-6f)", module);
        // CUDA C++ is data: no generated source file is added for it.
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.Contains("rmsnorm-cuda-rows", StringComparison.Ordinal));
    }

    [Fact]
    public void CudaFileWithWindowsLineEndings_BakesTheTextTheHashCovers()
    {
        var source = CudaKernel().Replace("\n", "\r\n");

        var run = RunWithCudaVariant(source);

        run.AssertOnlyDiagnostics();
        Assert.DoesNotContain("\\r\\n", run.ModuleSource);
    }

    [Theory]
    [InlineData("// no launch line", "exactly one '// kernelgen:launch")]
    [InlineData("// kernelgen:launch grid=M block=32", "'M' is neither a positive integer nor a symbol of the shape domain (N)")]
    [InlineData("// kernelgen:launch grid=N/0 block=32", "the divisor after '/' must be a positive integer")]
    [InlineData("// kernelgen:launch grid=N block=2048", "'block=2048'")]
    [InlineData("// kernelgen:launch block=32", "needs both grid=<expression> and block=<threads>")]
    public void BadLaunchLine_ReportsKG0007_AndBakesNothing(string launch, string expected)
    {
        var run = RunWithCudaVariant(CudaKernel(launch));

        var diagnostic = run.Single("KG0007");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(expected, diagnostic.GetMessage());
        Assert.EndsWith(".cu", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.DoesNotContain("CudaKernelVariant", run.ModuleSource);
    }

    [Theory]
    [InlineData("float* x, const float* weight, float* out, long long n", "parameter 1 of 'rmsnorm_rows' is 'float*'")]
    [InlineData("const float* x, const float* weight, const float* out, long long n", "parameter 3 of 'rmsnorm_rows' is 'const float*'")]
    [InlineData("const float* x, const float* weight, float* out, int n", "parameter 4 of 'rmsnorm_rows' is 'int'")]
    [InlineData("const float* x, const float* weight, float* out", "takes 3 parameters")]
    [InlineData("const double* x, const float* weight, float* out, long long n", "parameter 1 of 'rmsnorm_rows' is 'const double*'")]
    public void SignatureOffTheContract_ReportsKG0007_WithTheExpectedSignature(string parameters, string expected)
    {
        var run = RunWithCudaVariant(CudaKernel(parameters: parameters));

        var message = run.Single("KG0007").GetMessage();
        Assert.Contains(expected, message);
        Assert.Contains("extern \"C\" __global__ void rmsnorm_rows(const float* __restrict__ a0, const float* __restrict__ a1, float* __restrict__ out, long long s0)", message);
    }

    [Fact]
    public void Include_ReportsKG0007()
    {
        var run = RunWithCudaVariant(CudaKernel(prelude: "#include <cuda_fp16.h>"));

        Assert.Contains("#include", run.Single("KG0007").GetMessage());
    }

    [Fact]
    public void MissingEntryPoint_ReportsKG0007()
    {
        var run = RunWithCudaVariant(CudaKernel().Replace("extern \"C\" ", "", StringComparison.Ordinal));

        Assert.Contains("declares no 'extern \"C\" __global__ void rmsnorm_rows(...)'", run.Single("KG0007").GetMessage());
    }

    [Fact]
    public void EditedCudaFile_ReportsKG0003_HashMismatch()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        var source = CudaKernel();
        project.WriteCacheFile($"{Fixtures.ModuleName}/{CudaFile}", source + "// edited\n");
        project.WriteVerifiedKernel(module, configure: builder =>
            builder.Variants.Insert(0, new LockFileBuilder.VariantSpec("rmsnorm-cuda-rows", CudaFile, AbiHashes.KernelFile(source)) { Backend = "cuda", EntryPoint = CudaEntryPoint }));

        var run = project.Run();

        Assert.Contains("does not match the lock", run.Single("KG0003").GetMessage());
        Assert.DoesNotContain("CudaKernelVariant", run.ModuleSource);
    }
}
