using static KernelGen.Engine.Tests.Corpus.KernelSources;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>
/// The adversarial corpus: each kernel is a distinct published cheat or a real bug, with the check that must reject it.
/// Most compute something close to the right answer, so that a weak criterion would let them through.
/// </summary>
static class BadKernels
{
    const string Exceeds = "exceeds";
    const string NotWritten = "not written";

    public static readonly IReadOnlyList<BadKernel> All =
    [
        // Numerical cheats and bugs, caught by the oracle comparison.
        new("rmsnorm-all-zeros", "writes zeros (passes problems whose true outputs are tiny)", CorpusModule.RmsNorm,
            RmsNorm("output.Span.Clear();"), "oracle-accuracy", Exceeds),
        new("rmsnorm-ignores-weight", "drops the weight (correct only for the default ones() init)", CorpusModule.RmsNorm,
            RmsNormRows(write: "for (var i = 0; i < width; i++) o[i] = r[i] * scale;"), "oracle-accuracy", Exceeds),
        new("rmsnorm-weight-broadcast-by-row", "wrong broadcasting: the weight is indexed by row instead of column", CorpusModule.RmsNorm,
            RmsNormRows(write: "for (var i = 0; i < width; i++) o[i] = r[i] * scale * w[row % width];"), "oracle-accuracy", Exceeds),
        new("rmsnorm-off-by-one-divisor", "off-by-one: divides the sum of squares by width - 1", CorpusModule.RmsNorm,
            RmsNormRows(scale: "var scale = (float)(1.0 / Math.Sqrt(sum / (width - 1) + 1e-6));"), "oracle-accuracy", Exceeds),
        new("rmsnorm-wrong-epsilon", "epsilon 1e-5 instead of the reference's 1e-6 (invisible at unit scale)", CorpusModule.RmsNorm,
            RmsNormRows(scale: "var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-5));"), "oracle-accuracy", Exceeds),
        new("rmsnorm-mean-zero-trick", "computes the variance (subtracts the mean), equal to the mean square only for zero-mean inputs", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: "double s = 0, s2 = 0; for (var i = 0; i < width; i++) { s += r[i]; s2 += (double)r[i] * r[i]; } var sum = s2 - s * s / width;"),
            "oracle-accuracy", Exceeds),
        new("rmsnorm-fp16-accumulation", "precision downgrade: accumulates the sum of squares in Half", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: "var sum = (Half)0; for (var i = 0; i < width; i++) sum = (Half)((float)sum + r[i] * r[i]);",
                scale: "var scale = (float)(1.0 / Math.Sqrt((double)sum / width + 1e-6));"), "oracle-accuracy", Exceeds),

        // Partial writes and reads of the output buffer, caught by poisoning it.
        new("rmsnorm-hard-coded-rows", "hard-coded shape: handles at most the sample's 48 rows", CorpusModule.RmsNorm,
            RmsNormRows(rowLimit: "Math.Min(rows, 48)"), "poisoned-output", NotWritten),
        new("rmsnorm-first-row-only", "computes one row and leaves the rest to whatever the buffer held (the reused-memory hack)", CorpusModule.RmsNorm,
            RmsNormRows(rowLimit: "Math.Min(rows, 1)"), "poisoned-output", NotWritten),
        new("rmsnorm-accumulates-into-output", "reads the output before writing it (assumes a zeroed buffer)", CorpusModule.RmsNorm,
            RmsNormRows(write: "for (var i = 0; i < width; i++) o[i] += r[i] * scale * w[i];"), "poisoned-output", "read before being written"),
        new("silumul-skips-tail", "vectorised body without the scalar tail loop", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length / 8 * 8; i++) result[i] = a[i] / (1f + MathF.Exp(-a[i])) * b[i];"), "poisoned-output", NotWritten),

        // Special values.
        new("rmsnorm-clamp-drops-nan", "a comparison clamp turns a NaN sum of squares into a tiny number (NaN propagation lost)", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: SumOfSquaresInDouble + " sum = sum > 1e-30 ? sum : 1e-30;"), "nan-inf-mask", "NaN/infinity pattern"),
        new("silumul-nan-to-zero", "replaces NaN results by 0", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length; i++) { var v = a[i] / (1f + MathF.Exp(-a[i])) * b[i]; result[i] = float.IsNaN(v) ? 0f : v; }"), "nan-inf-mask", "NaN/infinity pattern"),
        new("silumul-clamps-infinities", "clamps inputs to ±1e30 (infinities become finite)", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length; i++) { var u = Math.Clamp(a[i], -1e30f, 1e30f); result[i] = u / (1f + MathF.Exp(-u)) * Math.Clamp(b[i], -1e30f, 1e30f); }"), "nan-inf-mask", "NaN/infinity pattern"),
        new("softmax-no-max-subtraction", "skips the max subtraction: exp overflows for large inputs", CorpusModule.Softmax,
            Softmax("""
                for (var row = 0; row < rows; row++)
                {
                    var r = input.Slice(row * width, width);
                    var o = result.Slice(row * width, width);
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += MathF.Exp(r[i]);
                    for (var i = 0; i < width; i++) o[i] = (float)(MathF.Exp(r[i]) / sum);
                }
        """), "nan-inf-mask", "NaN/infinity pattern"),

        // More numerical cheats.
        new("silumul-ignores-y", "drops the second input (returns silu(x))", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length; i++) result[i] = a[i] / (1f + MathF.Exp(-a[i]));"), "oracle-accuracy", Exceeds),
        new("silumul-half-precision", "precision downgrade: rounds every result through Half", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length; i++) result[i] = (float)(Half)(a[i] / (1f + MathF.Exp(-a[i])) * b[i]);"), "oracle-accuracy", Exceeds),
        new("silumul-sloppy-exp", "a cheap exp approximation (1 + x/256)^256", CorpusModule.SiluMul,
            SiluMul("""
                for (var i = 0; i < a.Length; i++)
                {
                    var e = 1f - a[i] / 256f;
                    for (var k = 0; k < 8; k++) e *= e;
                    result[i] = a[i] / (1f + e) * b[i];
                }
        """), "oracle-accuracy", Exceeds),
        new("softmax-all-zeros", "writes zeros: within an absolute tolerance of 1e-2 because softmax outputs over 8192 elements are ~1e-4", CorpusModule.Softmax,
            Softmax("result.Clear();"), "oracle-accuracy", Exceeds),
        new("softmax-uniform", "writes 1/width everywhere, ignoring the input", CorpusModule.Softmax,
            Softmax("result.Fill(1f / width);"), "oracle-accuracy", Exceeds),

        // Non-determinism.
        new("rmsnorm-racy-shared-accumulator", "race: Parallel.For threads update shared row sums without synchronisation", CorpusModule.RmsNorm,
            RmsNorm("""
                var width = (int)weight.Length;
                var rows = (int)(x.Length / width);
                var sums = new double[rows];
                var xs = x;
                // Column-major order, so that the threads' chunks all sweep every row; the busy work between reading
                // and writing a row's sum keeps the window open long enough for threads to overlap on every call.
                Parallel.For(0, rows * width, k =>
                {
                    var row = k % rows;
                    var v = (double)xs.Span[row * width + k / rows];
                    var seen = sums[row];
                    var square = v * v;
                    for (var spin = 0; spin < 200; spin++) square = Math.Sqrt(square) * Math.Sqrt(square);
                    sums[row] = seen + square;
                });
                var input = x.Span;
                var w = weight.Span;
                var result = output.Span;
                for (var row = 0; row < rows; row++)
                {
                    var scale = (float)(1.0 / Math.Sqrt(sums[row] / width + 1e-6));
                    for (var i = 0; i < width; i++) result[row * width + i] = input[row * width + i] * scale * w[i];
                }
        """), "determinism", "differ bitwise"),
        new("silumul-identity-hash-jitter", "non-determinism: perturbs the last bit by a fresh object's hash code", CorpusModule.SiluMul,
            SiluMul("""
                var jitter = (new object().GetHashCode() & 1) == 0 ? 1f : 1.0000001f;
                for (var i = 0; i < a.Length; i++) result[i] = a[i] / (1f + MathF.Exp(-a[i])) * b[i] * jitter;
        """), "determinism", "differ bitwise"),

        // Crashes, hangs and resource exhaustion: the worker dies or reports, the verifier survives.
        new("rmsnorm-throws", "throws", CorpusModule.RmsNorm,
            RmsNorm("throw new InvalidOperationException(\"kernel exploded on purpose\");"), "exceptions", "kernel exploded on purpose"),
        new("rmsnorm-huge-array", "allocates new float[int.MaxValue]", CorpusModule.RmsNorm,
            RmsNorm("var scratch = new float[int.MaxValue]; output.Span.Fill(scratch[0]);"), "exceptions", "OutOfMemoryException"),
        new("rmsnorm-growing-allocation", "allocates 64 MiB blocks until memory runs out", CorpusModule.RmsNorm,
            RmsNorm("""
                var hoard = new float[1 << 20][];
                for (var i = 0; i < hoard.Length; i++) { hoard[i] = new float[16 << 20]; hoard[i][i % 1000] = i; }
                output.Span.Fill(hoard[^1][0]);
        """), "exceptions", "OutOfMemoryException", Hazard.ExhaustsMemory),
        new("rmsnorm-infinite-loop", "never returns", CorpusModule.RmsNorm,
            RmsNorm("var spin = 0L; while (spin >= 0) spin = (spin + 1) % 1000;"), "worker", "timed out", Hazard.Hangs),
        new("rmsnorm-stack-overflow", "unbounded recursion", CorpusModule.RmsNorm,
            RmsNorm("output.Span.Fill(Depth(0));", members: "    static float Depth(int n) => Depth(n + 1) + 1;"), "worker", "Stack overflow", Hazard.KillsProcess),
        new("rmsnorm-environment-exit", "Environment.Exit (policy bypassed: the worker exits, the verifier reports it)", CorpusModule.RmsNorm,
            RmsNorm("Environment.Exit(3);"), "worker", "exited with code 3", Hazard.KillsProcess, BypassPolicy: true),
        new("rmsnorm-writes-input", "zeroes its input through MemoryMarshal (policy bypassed)", CorpusModule.RmsNorm,
            RmsNormRows(write: WriteScaledWeighted + " MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(r), width)[0] = 0f;")
                .Replace("using KernelGen.Cpu;", "using KernelGen.Cpu;\nusing System.Runtime.InteropServices;"), "inputs-unchanged", "modified input 0", BypassPolicy: true),
        new("rmsnorm-writes-weight", "scribbles on the module's weight through MemoryMarshal (policy bypassed)", CorpusModule.RmsNorm,
            RmsNormRows(write: WriteScaledWeighted + " MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(w), width)[0] += 1f;")
                .Replace("using KernelGen.Cpu;", "using KernelGen.Cpu;\nusing System.Runtime.InteropServices;"), "state-unchanged", "modified module state 0", BypassPolicy: true),

        new("rmsnorm-static-last-result-unchecked", "static cache with the policy bypassed: the next same-size call replays a stale output", CorpusModule.RmsNorm,
            RmsNormRows(members: "    static float[]? lastOutput;",
                before: "if (lastOutput is { } last && last.Length == result.Length) { last.CopyTo(result); return; }",
                after: "lastOutput = result.ToArray();"),
            "oracle-accuracy", Exceeds, BypassPolicy: true),

        // Forbidden APIs, stopped by the policy before anything runs. Each computes the right output as well, as a
        // cheat would: only the API it uses gives it away.
        new("rmsnorm-static-last-result", "static cache: replays the previous call's output when the size matches", CorpusModule.RmsNorm,
            RmsNormRows(members: "    static float[]? lastOutput;",
                before: "if (lastOutput is { } last && last.Length == result.Length) { last.CopyTo(result); return; }",
                after: "lastOutput = result.ToArray();"),
            "api-policy", "lastOutput"),
        new("rmsnorm-memo-by-input-hash", "memoises results by a hash of the input's first elements", CorpusModule.RmsNorm,
            RmsNormRows(members: "    static readonly System.Collections.Generic.Dictionary<float, float[]> memo = new();",
                before: "var key = input[0] * 31f + input[input.Length - 1]; if (memo.TryGetValue(key, out var hit) && hit.Length == result.Length) { hit.CopyTo(result); return; }",
                after: "memo[key] = result.ToArray();"),
            "api-policy", "memo"),
        new("rmsnorm-task-run", "works on another thread (Task.Run)", CorpusModule.RmsNorm,
            RmsNormRows(before: "Task.Run(() => { }).Wait();"), "api-policy", "threads"),
        new("rmsnorm-thread-pool", "queues work to the thread pool, which can outlive the call", CorpusModule.RmsNorm,
            RmsNormRows(before: "System.Threading.ThreadPool.QueueUserWorkItem(_ => { });"), "api-policy", "threads"),
        new("rmsnorm-stopwatch", "timer tampering: reads a Stopwatch", CorpusModule.RmsNorm,
            RmsNormRows(before: "var clock = System.Diagnostics.Stopwatch.StartNew(); if (clock.ElapsedTicks < 0) return;"), "api-policy", "clocks"),
        new("rmsnorm-datetime", "timer tampering: reads the wall clock", CorpusModule.RmsNorm,
            RmsNormRows(before: "if (DateTime.UtcNow.Year < 2000) return;"), "api-policy", "clocks"),
        new("rmsnorm-reflection", "reflection (could reach the verifier's internals)", CorpusModule.RmsNorm,
            RmsNormRows(before: "if (typeof(RmsNormKernel).GetMethods().Length == 0) return;"), "api-policy", "reflection"),
        new("rmsnorm-file-io", "file IO", CorpusModule.RmsNorm,
            RmsNormRows(before: "if (System.IO.File.Exists(\"/nonexistent/kernelgen-corpus\")) return;"), "api-policy", "IO is not allowed"),
        new("rmsnorm-process", "inspects its process", CorpusModule.RmsNorm,
            RmsNormRows(before: "if (System.Diagnostics.Process.GetCurrentProcess().Id == 0) return;"), "api-policy", "processes"),
        new("rmsnorm-gc", "GC tricks", CorpusModule.RmsNorm,
            RmsNormRows(before: "GC.Collect();"), "api-policy", "GC"),
        new("rmsnorm-unsafe-pointers", "unsafe pointers", CorpusModule.RmsNorm,
            RmsNormRows(after: "unsafe { fixed (float* p = result) { p[0] = p[0]; } }"), "api-policy", "unsafe code is not allowed"),
        new("rmsnorm-unsafe-as", "Unsafe.As reinterprets memory without checks", CorpusModule.RmsNorm,
            RmsNormRows(after: "System.Runtime.CompilerServices.Unsafe.As<float, int>(ref result[0]) |= 0;"), "api-policy", "Unsafe"),
        new("rmsnorm-memorymarshal-getreference", "MemoryMarshal.GetReference reaches raw memory", CorpusModule.RmsNorm,
            RmsNormRows(before: "if (System.Runtime.InteropServices.MemoryMarshal.GetReference(input) == 12345f) return;"), "api-policy", "MemoryMarshal is allowed only for Cast"),
    ];
}
