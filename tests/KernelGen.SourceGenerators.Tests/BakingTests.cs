using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

public sealed class BakingTests : IDisposable
{
    readonly TestProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void ModuleWithoutLock_ReportsKG0001_AndRunsItsReference()
    {
        project.AddSource(Fixtures.RmsNorm());

        var run = project.Run();

        var diagnostic = run.Single("KG0001");
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains(Fixtures.ModuleName, diagnostic.GetMessage());
        Assert.Contains("kernelgen.lock.json", diagnostic.GetMessage());
        Assert.Equal("RmsNorm.cs", Path.GetFileName(diagnostic.Location.GetLineSpan().Path));
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.DoesNotContain("CpuKernelVariant", run.ModuleSource);
        Assert.DoesNotContain(run.CompilationProblems(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void VerifiedSelectedKernel_IsBaked_AndTheOutputCompilesCleanly()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module);

        var run = project.Run();

        run.AssertOnlyDiagnostics();
        Assert.Empty(run.CompilationProblems());
        Assert.Contains("KernelBakeStatus.Baked", run.ModuleSource);
        Assert.Contains("new string[] { \"weight\" }", run.ModuleSource);
        Assert.Contains(
            $"static call => global::{Fixtures.EntryPoint}.Run(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));",
            run.ModuleSource);
        Assert.Equal(Fixtures.Kernel(), run.SourceNamed($"{Fixtures.ModuleName}.{Fixtures.VariantId}.g.cs"));
    }

    [Fact]
    public void KernelFileWithWindowsLineEndings_KeepsItsHash()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module);
        project.WriteCacheFile($"{Fixtures.ModuleName}/{Fixtures.KernelFile}", "\uFEFF" + Fixtures.Kernel().Replace("\n", "\r\n"));

        var run = project.Run();

        run.AssertOnlyDiagnostics();
        Assert.Contains("KernelBakeStatus.Baked", run.ModuleSource);
    }

    [Fact]
    public void ChangedReference_MakesKernelsStale_KG0002_AndBakesNothing()
    {
        project.AddSource(Fixtures.RmsNorm("x * rsqrt((x * x).mean(new long[] { -1 }, true) + Eps) * weight * 2"));
        project.WriteVerifiedKernel(Fixtures.RmsNorm());

        var run = project.Run();

        var diagnostic = run.Single("KG0002");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("kernelgen generate", diagnostic.GetMessage());
        Assert.Contains("kernelgen verify", diagnostic.GetMessage());
        Assert.Equal("kernelgen.lock.json", Path.GetFileName(diagnostic.Location.GetLineSpan().Path));
        Assert.Contains("KernelBakeStatus.Stale", run.ModuleSource);
        Assert.DoesNotContain("CpuKernelVariant", run.ModuleSource);
        Assert.Single(run.GeneratedSources);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void EditedKernelFile_ReportsKG0003_OnThatFile_AndBakesNothing()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module);
        var kernelPath = project.WriteCacheFile($"{Fixtures.ModuleName}/{Fixtures.KernelFile}", Fixtures.Kernel().Replace("inverse * scale[i]", "scale[i]"));

        var run = project.Run();

        var diagnostic = run.Single("KG0003");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(kernelPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains(Fixtures.ModuleName, diagnostic.GetMessage());
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void MissingKernelFile_ReportsKG0003_OnTheLock()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module, configure: builder =>
            builder.Variants.Add(new LockFileBuilder.VariantSpec("rmsnorm-avx2", "cpu/rmsnorm-avx2.cs", new string('0', 64))));

        var run = project.Run();

        var diagnostic = run.Single("KG0003");
        Assert.EndsWith("kernelgen.lock.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("cpu/rmsnorm-avx2.cs", diagnostic.GetMessage());
        Assert.Contains("is missing", diagnostic.GetMessage());
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
    }

    [Theory]
    [InlineData("rejected", true, "cpu")]
    [InlineData("verified", false, "cpu")]
    [InlineData("verified", true, "vulkan")]
    public void NoVerifiedSelectedCpuVariant_ReportsKG0001_NoneSelected(string status, bool selected, string backend)
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module, configure: builder =>
            builder.Variants[0] = builder.Variants[0] with { Status = status, Selected = selected, Backend = backend });

        var run = project.Run();

        Assert.Contains("verified and selected", run.Single("KG0001").GetMessage());
        Assert.Contains("KernelBakeStatus.NoneSelected", run.ModuleSource);
        Assert.DoesNotContain("CpuKernelVariant", run.ModuleSource);
    }

    [Fact]
    public void WithoutCacheDirectoryProperty_FindsTheLockUnderAKernelsFolder()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module);
        project.PassesCacheDirectory = false;

        var run = project.Run();

        run.AssertOnlyDiagnostics();
        Assert.Contains("KernelBakeStatus.Baked", run.ModuleSource);
    }

    [Fact]
    public void LockOfAnotherCacheDirectory_IsNotUsed()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module);
        project.CacheDirectoryOverride = Path.Combine(project.Root, "other-kernels");

        var run = project.Run();

        Assert.Contains("there is no lock file", run.Single("KG0001").GetMessage());
    }

    [Fact]
    public void ModeOff_BakesNothing_AndReportsNothing()
    {
        var module = Fixtures.RmsNorm();
        project.AddSource(module);
        project.WriteVerifiedKernel(module);
        project.Mode = "Off";

        var run = project.Run();

        run.AssertOnlyDiagnostics();
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.Single(run.GeneratedSources);
    }
}
