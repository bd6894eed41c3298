using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using KernelGen.Cpu;

namespace KernelGen.Kernels.QuickStart.RmsNorm;

/// <summary>
/// RMSNorm over the last dimension: out = x * rsqrt(mean(x^2) + eps) * weight, one fused pass per row.
/// A row is read twice (sum of squares, then scale), the second time from L1/L2, so memory sees one read and
/// one write per element instead of eager's six ops with two full-size intermediates.
/// </summary>
public static class RmsNormAvx2Rows
{
    // The module's Eps: a constant of the reference, so a change to it makes this kernel stale rather than wrong.
    const double Eps = 1e-6;

    // Rows handed to one Parallel.For iteration: about 64K elements, so the work-stealing overhead stays
    // negligible while both cores still get many blocks to balance.
    const int ElementsPerBlock = 1 << 16;

    public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
    {
        var cols = checked((int)x.Size(-1));
        var rows = cols == 0 ? 0 : x.Length / cols;
        if (weight.Length != cols || output.Length != x.Length)
            throw new ArgumentException($"RMSNorm expects a weight of {cols} elements and an output of {x.Length}; got {weight.Length} and {output.Length}.");
        if (rows == 0) return;

        var rowsPerBlock = Math.Max(1, ElementsPerBlock / cols);
        var blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
        Parallel.For(0L, blocks, block =>
        {
            var first = block * rowsPerBlock;
            var last = Math.Min(rows, first + rowsPerBlock);
            var w = weight.Span;
            for (var row = first; row < last; row++)
            {
                var input = x.Slice(row * cols, cols);
                var scale = (float)(1.0 / Math.Sqrt(SumOfSquares(input) / cols + Eps));
                Scale(input, scale, w, output.Slice(row * cols, cols));
            }
        });
    }

    /// <summary>
    /// Sum of squares in double: each float square is exact in double and a row of a few thousand terms adds
    /// no visible error, so the normaliser is rounded to float only once. Widening costs little next to memory traffic.
    /// </summary>
    static double SumOfSquares(ReadOnlySpan<float> row)
    {
        var vectors = MemoryMarshal.Cast<float, Vector256<float>>(row);
        Vector256<double> acc0 = Vector256<double>.Zero, acc1 = Vector256<double>.Zero;
        Vector256<double> acc2 = Vector256<double>.Zero, acc3 = Vector256<double>.Zero;
        var i = 0;
        for (; i + 1 < vectors.Length; i += 2)
        {
            var (lo0, hi0) = Vector256.Widen(vectors[i]);
            var (lo1, hi1) = Vector256.Widen(vectors[i + 1]);
            acc0 = Vector256.FusedMultiplyAdd(lo0, lo0, acc0);
            acc1 = Vector256.FusedMultiplyAdd(hi0, hi0, acc1);
            acc2 = Vector256.FusedMultiplyAdd(lo1, lo1, acc2);
            acc3 = Vector256.FusedMultiplyAdd(hi1, hi1, acc3);
        }
        if (i < vectors.Length)
        {
            var (lo, hi) = Vector256.Widen(vectors[i]);
            acc0 = Vector256.FusedMultiplyAdd(lo, lo, acc0);
            acc1 = Vector256.FusedMultiplyAdd(hi, hi, acc1);
        }
        var sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        for (var j = vectors.Length * Vector256<float>.Count; j < row.Length; j++)
            sum += (double)row[j] * row[j];
        return sum;
    }

    /// <summary>out = (x * scale) * weight, rounded in the reference's order.</summary>
    static void Scale(ReadOnlySpan<float> input, float scale, ReadOnlySpan<float> weight, Span<float> output)
    {
        var x = MemoryMarshal.Cast<float, Vector256<float>>(input);
        var w = MemoryMarshal.Cast<float, Vector256<float>>(weight);
        var o = MemoryMarshal.Cast<float, Vector256<float>>(output);
        var s = Vector256.Create(scale);
        for (var i = 0; i < x.Length; i++)
            o[i] = x[i] * s * w[i];
        for (var j = x.Length * Vector256<float>.Count; j < input.Length; j++)
            output[j] = input[j] * scale * weight[j];
    }
}
