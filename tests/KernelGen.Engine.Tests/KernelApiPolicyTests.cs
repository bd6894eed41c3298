using KernelGen.Engine.Cache;
using KernelGen.Engine.Compilation;
using KernelGen.Engine.Tests.Fixtures;

namespace KernelGen.Engine.Tests;

public sealed class KernelApiPolicyTests
{
    static IReadOnlyList<PolicyViolation> Check(string source)
    {
        var compiled = CandidateCompiler.Compile(source, "k.cs", "PolicyTest");
        return KernelApiPolicy.Check(compiled);
    }

    static string Kernel(string members, string body, string usings = "") => $$"""
        using System;
        using System.Numerics;
        using System.Runtime.Intrinsics;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;
        {{usings}}
        using KernelGen.Cpu;

        public static class K
        {
            {{members}}
            public static void Run(ReadOnlyTensorView<float> x, TensorView<float> output)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public void Foreach_over_a_span_is_allowed_but_its_element_types_are_still_checked()
    {
        Assert.Empty(Check(Kernel("", "var sum = 0f; foreach (var v in x.Span) sum += v; output.Span.Fill(sum);")));
        Assert.Contains(Check(Kernel("", "foreach (var t in new[] { DateTime.UtcNow }) output.Span.Fill(t.Ticks);")),
            v => v.What.Contains("DateTime", StringComparison.Ordinal) && v.Reason.Contains("clocks", StringComparison.Ordinal));
    }

    [Fact]
    public void Vectors_intrinsics_parallel_math_spans_and_memory_marshal_cast_are_allowed()
    {
        var violations = Check(Kernel("const float Half = 0.5f; static readonly int Lanes = Vector<float>.Count;", """
            var input = x.Span;
            var ints = MemoryMarshal.Cast<float, int>(input);
            Span<float> scratch = stackalloc float[8];
            var o = output;
            Parallel.For(0, 4, i => { o.Span[i] = MathF.Sqrt(Math.Abs(x.Span[i])) * Half; });
            var v = Vector256.Create(input);
            var w = new Vector<float>(input) * Lanes;
            if (input.Length < 1) throw new ArgumentException($"too short: {input.Length}");
            var bits = BitOperations.PopCount((uint)ints[0]);
            """));
        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("", "System.IO.File.ReadAllText(\"a\");", "IO is not allowed")]
    [InlineData("", "Console.WriteLine(1);", "IO is not allowed")]
    [InlineData("", "var t = DateTime.Now;", "clocks and timers")]
    [InlineData("", "var e = Environment.GetEnvironmentVariable(\"A\");", "environment")]
    [InlineData("", "var t = typeof(K).GetMethods();", "reflection")]
    [InlineData("", "new System.Threading.Thread(() => { }).Start();", "threads")]
    [InlineData("", "GC.Collect();", "GC")]
    [InlineData("", "ref float r = ref MemoryMarshal.GetReference(x.Span);", "only for Cast")]
    [InlineData("", "var v = Vector128.LoadUnsafe(ref System.Runtime.CompilerServices.Unsafe.NullRef<float>());", "LoadUnsafe")]
    [InlineData("static int calls;", "calls++;", "keep state between calls")]
    [InlineData("static float[] table = new float[4];", "", "keep state between calls")]
    [InlineData("static int Calls { get; set; }", "Calls++;", "static auto-properties")]
    [InlineData("", "unsafe { }", "unsafe code")]
    [InlineData("static unsafe void P(float* p) { }", "", "pointers")]
    [InlineData("[DllImport(\"libc\")] static extern int getpid();", "", "P/Invoke")]
    [InlineData("", "lock (new object()) { }", "synchronisation")]
    [InlineData("", "var r = new Random(1);", "randomness")]
    public void Forbidden_apis_are_rejected_with_symbol_line_and_reason(string members, string body, string reason)
    {
        var violations = Check(Kernel(members, body));
        Assert.Contains(violations, v => v.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.All(violations, v => Assert.InRange(v.Line, 10, 15));
    }

    [Fact]
    public void Abi_check_names_the_entry_point_and_rejects_wrong_parameters()
    {
        var contract = new KernelContract(0, null, [new TensorSpec("x", "float32", [48, 64])], [new TensorSpec("weight", "float32", [64])], new TensorSpec(null, "float32", [48, 64]));
        var good = KernelAbi.Check(CandidateCompiler.Compile(Kernels.CorrectRmsNorm, "k.cs", "Abi1"), contract);
        Assert.Equal(("Candidates.RmsNormKernel", null), (good.EntryPoint, good.Problem));

        var wrongType = Kernels.CorrectRmsNorm.Replace("ReadOnlyTensorView<float> weight", "ReadOnlyTensorView<double> weight", StringComparison.Ordinal);
        var bad = KernelAbi.Check(CandidateCompiler.Compile(wrongType, "k.cs", "Abi2"), contract);
        Assert.Contains("parameter 2 ('weight', for 'weight' float32) must be KernelGen.Cpu.ReadOnlyTensorView<System.Single>", bad.Problem);

        var missing = KernelAbi.Check(CandidateCompiler.Compile(Kernel("", ""), "k.cs", "Abi3"), contract);
        Assert.Contains("takes 2 parameters; the contract needs 3", missing.Problem);
    }
}
