namespace KernelGen.Engine.Tests.Fixtures;

/// <summary>Candidate kernel sources: one correct kernel per module and one wrong kernel per check.</summary>
static class Kernels
{
    const string RmsNormHeader = """
        using System;
        using System.Threading.Tasks;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class RmsNormKernel
        {
            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
            {
        """;

    static string RmsNorm(string body) => RmsNormHeader + "\n" + body + "\n        }\n}\n";

    /// <summary>Correct: rows in parallel, sums of squares in double.</summary>
    public static readonly string CorrectRmsNorm = RmsNorm("""
                var width = (int)weight.Length;
                var rows = (int)(x.Length / width);
                var xs = x;
                var ws = weight;
                var os = output;
                Parallel.For(0, rows, row =>
                {
                    var input = xs.Slice((long)row * width, width);
                    var w = ws.Span;
                    var result = os.Slice((long)row * width, width);
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += (double)input[i] * input[i];
                    var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                    for (var i = 0; i < width; i++) result[i] = input[i] * scale * w[i];
                });
        """);

    /// <summary>Correct and single-threaded: at the test module's tiny size, thread-pool scheduling would dominate its time.</summary>
    public static readonly string SequentialRmsNorm = RmsNorm("""
                var width = (int)weight.Length;
                var rows = (int)(x.Length / width);
                var w = weight.Span;
                for (var row = 0; row < rows; row++)
                {
                    var input = x.Slice((long)row * width, width);
                    var result = output.Slice((long)row * width, width);
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += (double)input[i] * input[i];
                    var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                    for (var i = 0; i < width; i++) result[i] = input[i] * scale * w[i];
                }
        """);

    /// <summary>
    /// Correct but slow: <see cref="SequentialRmsNorm"/>'s work done 200 times over. The swarm tests need two verified kernels whose speed
    /// differs by far more than the noise of a shared 2-core machine.
    /// </summary>
    public static readonly string RedundantRmsNorm = RmsNorm("""
                var width = (int)weight.Length;
                var rows = (int)(x.Length / width);
                var xs = x;
                var ws = weight;
                var os = output;
                for (var repeat = 0; repeat < 200; repeat++)
                {
                    for (var row = 0; row < rows; row++)
                    {
                        var input = xs.Slice((long)row * width, width);
                        var w = ws.Span;
                        var result = os.Slice((long)row * width, width);
                        double sum = 0;
                        for (var i = 0; i < width; i++) sum += (double)input[i] * input[i];
                        var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                        for (var i = 0; i < width; i++) result[i] = input[i] * scale * w[i];
                    }
                }
        """);

    public static readonly string AllZeros = RmsNorm("""
                output.Span.Clear();
        """);

    public static readonly string IgnoresWeight = RmsNorm("""
                var width = (int)weight.Length;
                var input = x.Span;
                var result = output.Span;
                for (var row = 0; row < input.Length / width; row++)
                {
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += (double)input[row * width + i] * input[row * width + i];
                    var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                    for (var i = 0; i < width; i++) result[row * width + i] = input[row * width + i] * scale;
                }
        """);

    /// <summary>Writes only the first half of the rows: the rest keeps whatever the buffer held.</summary>
    public static readonly string LeavesOutputUnwritten = RmsNorm("""
                var width = (int)weight.Length;
                var input = x.Span;
                var w = weight.Span;
                var result = output.Span;
                var rows = input.Length / width;
                for (var row = 0; row < (rows + 1) / 2; row++)
                {
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += (double)input[row * width + i] * input[row * width + i];
                    var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                    for (var i = 0; i < width; i++) result[row * width + i] = input[row * width + i] * scale * w[i];
                }
        """);

    public static readonly string Throws = RmsNorm("""
                throw new InvalidOperationException("kernel exploded on purpose");
        """);

    public static readonly string InfiniteLoop = RmsNorm("""
                var spin = 0L;
                while (spin >= 0) spin = (spin + 1) % 1000;
        """);

    public static readonly string StaticCache = """
        using System;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class RmsNormKernel
        {
            static float[]? lastOutput;

            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
            {
                if (lastOutput is not null && lastOutput.Length == output.Length) new Span<float>(lastOutput).CopyTo(output.Span);
                lastOutput = output.Span.ToArray();
            }
        }
        """;

    public static readonly string UsesFileSystem = RmsNorm("""
                System.IO.File.WriteAllText("/tmp/kernelgen-leak.txt", "hello");
                output.Span.Clear();
        """);

    public static readonly string ExitsProcess = RmsNorm("""
                Environment.Exit(3);
        """);

    /// <summary>
    /// Dies as LibTorch does on an uncaught C++ exception: libstdc++'s message and a long backtrace on stderr, then
    /// abort(). Reaches native code, so only the bypass path (compiled bytes, no policy) can run it.
    /// </summary>
    public static readonly string AbortsLikeLibTorch = """
        using System;
        using System.Runtime.InteropServices;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class RmsNormKernel
        {
            [DllImport("libc", EntryPoint = "abort")]
            static extern void Abort();

            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
            {
                var error = Console.Error;
                error.WriteLine("terminate called after throwing an instance of 'c10::Error'");
                error.WriteLine("  what():  CUDA error: an illegal memory access was encountered");
                for (var frame = 0; frame < 1999; frame++)
                    error.WriteLine($"frame #{frame}: <unknown function> + 0x{frame * 4096:x} (0x7f0000000000 in /opt/torch/lib/libtorch_cuda.so)");
                error.WriteLine("frame #1999: the last frame");
                error.Flush();
                Abort();
            }
        }
        """;

    public static readonly string DoesNotCompile = RmsNorm("""
                var width = weight.Length
                output.Span.Clear();
        """);

    /// <summary>Correct output, but it also scribbles on its input through a forbidden cast (tests bypass the policy).</summary>
    public static readonly string WritesInput = """
        using System;
        using System.Runtime.InteropServices;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class RmsNormKernel
        {
            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
            {
                var width = (int)weight.Length;
                var input = x.Span;
                var w = weight.Span;
                var result = output.Span;
                for (var row = 0; row < input.Length / width; row++)
                {
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += (double)input[row * width + i] * input[row * width + i];
                    var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                    for (var i = 0; i < width; i++) result[row * width + i] = input[row * width + i] * scale * w[i];
                }
                var writable = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(input), input.Length);
                writable[0] = 42f;
            }
        }
        """;

    const string SiluMulHeader = """
        using System;
        using System.Numerics;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class SiluMulKernel
        {
            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> y, TensorView<float> output)
            {
                var a = x.Span;
                var b = y.Span;
                var result = output.Span;
        """;

    static string SiluMul(string body) => SiluMulHeader + "\n" + body + "\n        }\n}\n";

    public static readonly string CorrectSiluMul = SiluMul("""
                for (var i = 0; i < a.Length; i++) result[i] = a[i] / (1f + MathF.Exp(-a[i])) * b[i];
        """);

    /// <summary>Vectorised body, but the scalar tail loop is missing: elements past the last multiple of 8 stay unwritten.</summary>
    public static readonly string SkipsTail = SiluMul("""
                var whole = a.Length / 8 * 8;
                for (var i = 0; i < whole; i++) result[i] = a[i] / (1f + MathF.Exp(-a[i])) * b[i];
        """);
}
