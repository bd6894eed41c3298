using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

public sealed class KernelPolicyTests : IDisposable
{
    readonly TestProject project = new();
    readonly string module = Fixtures.RmsNorm();

    public KernelPolicyTests() => project.AddSource(module);

    public void Dispose() => project.Dispose();

    public static TheoryData<string, string, string, string> ForbiddenKernels => new()
    {
        // name, using directives, extra members, code at the start of Run
        { "unsafe block", "", "", "unsafe { }" },
        { "pointer", "", "", "float* p = null;" },
        { "fixed", "", "", "fixed (float* p = x.Span) { }" },
        { "System.IO.File", "", "", "System.IO.File.WriteAllText(\"/tmp/x\", \"\");" },
        { "File through implicit usings", "", "", "File.WriteAllText(\"/tmp/x\", \"\");" },
        { "using System.Net", "using System.Net.Http;", "", "" },
        { "using System.Reflection", "using System.Reflection;", "", "" },
        { "using static MemoryMarshal", "using static System.Runtime.InteropServices.MemoryMarshal;", "", "" },
        { "TorchSharp", "using TorchSharp;", "", "" },
        { "MemoryMarshal other than Cast", "using System.Runtime.InteropServices;", "", "ref readonly float first = ref MemoryMarshal.GetReference(x.Span);" },
        { "Unsafe", "", "", "System.Runtime.CompilerServices.Unsafe.SkipInit(out int skipped);" },
        { "LoadUnsafe", "", "", "var vector = System.Numerics.Vector.LoadUnsafe(in x.Span[0]);" },
        { "Marshal", "using System.Runtime.InteropServices;", "", "Marshal.AllocHGlobal(8);" },
        { "Environment", "", "", "var cores = Environment.ProcessorCount;" },
        { "DateTime", "", "", "var now = DateTime.UtcNow;" },
        { "Stopwatch", "", "", "var clock = System.Diagnostics.Stopwatch.StartNew();" },
        { "Thread", "", "", "new System.Threading.Thread(() => { }).Start();" },
        { "Task.Run", "", "", "Task.Run(() => { });" },
        { "GC", "", "", "GC.Collect();" },
        { "Activator", "", "", "var o = Activator.CreateInstance(typeof(object));" },
        { "Type.GetType", "", "", "var t = Type.GetType(\"System.IO.File\");" },
        { "DllImport", "", "[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();", "" },
        { "LibraryImport", "", "[System.Runtime.InteropServices.LibraryImport(\"libc\")] private static partial int getpid();", "" },
        { "mutable static field", "", "static int calls;", "" },
        { "static array field", "", "static readonly float[] Cache = new float[8];", "" },
        { "static auto-property", "", "static float Last { get; set; }", "" },
        { "get-only static auto-property of an array", "", "static float[] Table { get; } = new float[8];", "" },
        { "lock", "", "", "lock (typeof(RmsNormScalar)) { }" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenKernels))]
    public void KernelUsingAForbiddenApi_ReportsKG0007_AtTheConstruct_AndBakesNothing(string name, string usings, string members, string code)
    {
        var kernelPath = WriteKernel(Fixtures.Kernel(body: code + "\n        output.Span.Clear();", extraMembers: members, usings: usings));

        var run = project.Run();

        Assert.True(run.Diagnostics.Length > 0 && run.Diagnostics.All(d => d.Id == "KG0007"), $"{name}: {string.Join("; ", run.Diagnostics)}");
        var diagnostic = run.Diagnostics[0];
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(kernelPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("breaks the kernel ABI", diagnostic.GetMessage());
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void KernelUsingOnlyAllowedApis_IsBaked_AndCompilesCleanly()
    {
        const string Usings = """
            using System.Numerics;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using System.Runtime.Intrinsics;
            """;
        const string Members = """
            static readonly float Half = 0.5f;
                static int Lanes { get; } = 8;

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                static float Twice(float value) => value * 2;
            """;
        const string Body = """
            var bits = MemoryMarshal.Cast<float, int>(x.Span);
                    Span<float> scratch = stackalloc float[Vector<float>.Count];
                    var lanes = Vector256<float>.Count + BitOperations.PopCount((uint)bits.Length) + scratch.Length;
                    Parallel.For(0, output.Length, i => output.Span[(int)i] = Twice(Half) * lanes * Lanes * MathF.Sqrt(x.Span[(int)i]) * weight.Span[0]);
            """;
        WriteKernel(Fixtures.Kernel(body: Body, extraMembers: Members, usings: Usings));

        var run = project.Run();

        run.AssertOnlyDiagnostics();
        Assert.Contains("KernelBakeStatus.Baked", run.ModuleSource);
        Assert.Empty(run.CompilationProblems());
    }

    public static TheoryData<string, string, string> EntryPointMismatches => new()
    {
        {
            "wrong arity",
            Fixtures.Kernel().Replace("ReadOnlyTensorView<float> weight, ", ""),
            "no Run method of 'KernelGen.Kernels.QuickStart.RmsNorm.RmsNormScalar' has the signature the contract requires: 'public static void Run(ReadOnlyTensorView<float>, ReadOnlyTensorView<float>, TensorView<float>)'"
        },
        {
            "wrong element type",
            Fixtures.Kernel().Replace("TensorView<float> output", "TensorView<double> output"),
            "has the signature the contract requires"
        },
        {
            "output as a read-only view",
            Fixtures.Kernel().Replace("TensorView<float> output", "ReadOnlyTensorView<float> output"),
            "has the signature the contract requires"
        },
        {
            "instance method",
            Fixtures.Kernel().Replace("public static void Run", "public void Run").Replace("public static class", "public class"),
            "must be 'public static'"
        },
        {
            "other class name",
            Fixtures.Kernel().Replace("class RmsNormScalar", "class RmsNormFast"),
            "declares no class 'KernelGen.Kernels.QuickStart.RmsNorm.RmsNormScalar'"
        },
        {
            "syntax error",
            Fixtures.Kernel().Replace("var columns = (int)x.Size(-1);", "var columns = (int)x.Size(-1)"),
            "does not parse as C#"
        },
    };

    [Theory]
    [MemberData(nameof(EntryPointMismatches))]
    public void KernelWithoutTheContractsEntryPoint_ReportsKG0007(string name, string kernel, string expectedMessage)
    {
        WriteKernel(kernel);

        var run = project.Run();

        Assert.True(run.Diagnostics.Length == 1 && run.Diagnostics[0].Id == "KG0007", $"{name}: {string.Join("; ", run.Diagnostics)}");
        Assert.Contains(expectedMessage, run.Diagnostics[0].GetMessage());
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
    }

    string WriteKernel(string kernel)
    {
        project.WriteVerifiedKernel(module, kernel);
        return Path.Combine(project.CacheDirectory, Fixtures.ModuleName, Fixtures.KernelFile);
    }
}
