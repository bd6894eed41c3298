using static KernelGen.Engine.Tests.Corpus.KernelSources;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>
/// Correct kernels whose arithmetic legitimately differs from the reference's (summation order, compensated sums,
/// FMA, wider accumulators, vector lanes, other formulas): the tolerance must accept every one of them.
/// </summary>
static class GoodKernels
{
    public static readonly IReadOnlyList<GoodKernel> All =
    [
        new("rmsnorm-double-parallel", "rows in parallel, double accumulation", CorpusModule.RmsNorm, RmsNorm("""
                var width = (int)weight.Length;
                var rows = (int)(x.Length / width);
                var xs = x;
                var ws = weight;
                var os = output;
                Parallel.For(0, rows, row =>
                {
                    var r = xs.Slice((long)row * width, width);
                    var w = ws.Span;
                    var o = os.Slice((long)row * width, width);
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += (double)r[i] * r[i];
                    var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));
                    for (var i = 0; i < width; i++) o[i] = r[i] * scale * w[i];
                });
        """)),
        new("rmsnorm-float-serial", "float accumulation, left to right", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: "var sum = 0f; for (var i = 0; i < width; i++) sum += r[i] * r[i];",
                scale: "var scale = 1f / MathF.Sqrt(sum / width + 1e-6f);")),
        new("rmsnorm-float-reversed", "float accumulation, right to left", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: "var sum = 0f; for (var i = width - 1; i >= 0; i--) sum += r[i] * r[i];",
                scale: "var scale = 1f / MathF.Sqrt(sum / width + 1e-6f);")),
        new("rmsnorm-kahan", "Kahan-compensated float sum (falls back to the plain sum when it is not finite, as compensation turns inf into NaN)", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: """
                    float sum = 0f, compensation = 0f, plain = 0f;
                    for (var i = 0; i < width; i++)
                    {
                        var y = r[i] * r[i] - compensation;
                        var t = sum + y;
                        compensation = (t - sum) - y;
                        sum = t;
                        plain += r[i] * r[i];
                    }
                    if (!float.IsFinite(plain)) sum = plain;
        """, scale: "var scale = 1f / MathF.Sqrt(sum / width + 1e-6f);")),
        new("rmsnorm-pairwise", "pairwise (blocked tree) float sum", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: "var sum = Pairwise(r);", scale: "var scale = 1f / MathF.Sqrt(sum / width + 1e-6f);", members: """
            static float Pairwise(ReadOnlySpan<float> values)
            {
                if (values.Length <= 8)
                {
                    var s = 0f;
                    foreach (var v in values) s += v * v;
                    return s;
                }
                var half = values.Length / 2;
                return Pairwise(values[..half]) + Pairwise(values[half..]);
            }
        """)),
        new("rmsnorm-fma-four-accumulators", "FMA into four interleaved float accumulators", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: """
                    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                    var i4 = 0;
                    for (; i4 + 4 <= width; i4 += 4)
                    {
                        s0 = MathF.FusedMultiplyAdd(r[i4], r[i4], s0);
                        s1 = MathF.FusedMultiplyAdd(r[i4 + 1], r[i4 + 1], s1);
                        s2 = MathF.FusedMultiplyAdd(r[i4 + 2], r[i4 + 2], s2);
                        s3 = MathF.FusedMultiplyAdd(r[i4 + 3], r[i4 + 3], s3);
                    }
                    for (; i4 < width; i4++) s0 = MathF.FusedMultiplyAdd(r[i4], r[i4], s0);
                    var sum = (s0 + s1) + (s2 + s3);
        """, scale: "var scale = 1f / MathF.Sqrt(sum / width + 1e-6f);")),
        new("rmsnorm-vector-lanes", "`Vector<float>` lanes with a scalar tail, weight folded into the scale", CorpusModule.RmsNorm,
            RmsNormRows(accumulate: """
                    var lanes = Vector<float>.Zero;
                    var i = 0;
                    for (; i + Vector<float>.Count <= width; i += Vector<float>.Count)
                    {
                        var v = new Vector<float>(r[i..]);
                        lanes += v * v;
                    }
                    var sum = Vector.Sum(lanes);
                    for (; i < width; i++) sum += r[i] * r[i];
        """, scale: "var scale = 1f / MathF.Sqrt(sum / width + 1e-6f);",
                write: "for (var j = 0; j < width; j++) o[j] = r[j] * (scale * w[j]);")),
        new("silumul-scalar", "the textbook formula x / (1 + e^-x) · y", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length; i++) result[i] = a[i] / (1f + MathF.Exp(-a[i])) * b[i];")),
        new("silumul-double", "everything in double, rounded once", CorpusModule.SiluMul,
            SiluMul("for (var i = 0; i < a.Length; i++) result[i] = (float)(a[i] / (1.0 + Math.Exp(-(double)a[i])) * b[i]);")),
        // Not (1 + tanh(x/2)) / 2: it cancels for negative x and was measured 50× less accurate than the reference there.
        new("silumul-stable-sigmoid", "sigmoid from exp(-abs(x)), e/(1+e) for negative x: the overflow-free form", CorpusModule.SiluMul, SiluMul("""
                for (var i = 0; i < a.Length; i++)
                {
                    var v = a[i];
                    var e = MathF.Exp(-MathF.Abs(v));
                    var sigmoid = v >= 0 ? 1f / (1f + e) : e / (1f + e);
                    result[i] = v * sigmoid * b[i];
                }
        """)),
        new("silumul-parallel-chunks", "Parallel.For over chunks", CorpusModule.SiluMul, SiluMul("""
                var xs = x;
                var ys = y;
                var os = output;
                var n = (int)x.Length;
                const int Chunk = 256;
                Parallel.For(0, (n + Chunk - 1) / Chunk, c =>
                {
                    var start = c * Chunk;
                    var length = Math.Min(Chunk, n - start);
                    var p = xs.Slice(start, length);
                    var q = ys.Slice(start, length);
                    var o = os.Slice(start, length);
                    for (var i = 0; i < length; i++) o[i] = p[i] * (1f / (1f + MathF.Exp(-p[i]))) * q[i];
                });
        """)),
        new("softmax-max-subtracted", "max subtraction, double sum", CorpusModule.Softmax, Softmax("""
                for (var row = 0; row < rows; row++)
                {
                    var r = input.Slice(row * width, width);
                    var o = result.Slice(row * width, width);
                    var max = float.NegativeInfinity;
                    foreach (var v in r) max = MathF.Max(max, v);
                    double sum = 0;
                    for (var i = 0; i < width; i++) sum += MathF.Exp(r[i] - max);
                    var inverse = (float)(1.0 / sum);
                    for (var i = 0; i < width; i++) o[i] = MathF.Exp(r[i] - max) * inverse;
                }
        """)),
        new("softmax-online", "single-pass online softmax (running max, rescaled double sum)", CorpusModule.Softmax, Softmax("""
                for (var row = 0; row < rows; row++)
                {
                    var r = input.Slice(row * width, width);
                    var o = result.Slice(row * width, width);
                    // Starting from the first element (not -inf) keeps a leading -inf from turning the sum into NaN.
                    var max = r[0];
                    var sum = 1.0;
                    for (var i = 1; i < width; i++)
                    {
                        var m = MathF.Max(max, r[i]);
                        // While every element so far is -inf there is nothing to add (and -inf - -inf would be NaN).
                        if (m == float.NegativeInfinity) continue;
                        sum = sum * Math.Exp(max - m) + Math.Exp(r[i] - m);
                        max = m;
                    }
                    for (var i = 0; i < width; i++) o[i] = (float)(Math.Exp(r[i] - max) / sum);
                }
        """)),
    ];
}
