using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KernelGen.Cpu;

namespace KernelGen.Kernels.KernelBench.Level2.P14;

/// <summary>
/// KernelBench L2/14: sum(x @ W.T / 2, dim=1, keepdim=True) * 1.5. The sum over the hidden dim commutes with the
/// GEMM: sum_h sum_i x[r,i] W[h,i] = sum_i x[r,i] colsum_i with colsum_i = sum_h W[h,i]. So one pass over W (column
/// sums, in double) and one dot product per row replace the batch x hidden x input GEMM: memory-bound instead of
/// compute-bound. Everything accumulates in double and is rounded once, so the result is more accurate than eager's
/// float32 GEMM followed by a float32 sum. NaN and infinities propagate as in the reference (see the verifier's
/// special-value trials): a NaN or infinity in a column of W makes that column's sum NaN or infinite, which reaches
/// every row, as it reaches every row of the reference's GEMM output and then its sum.
/// </summary>
public static class GemmDivideSumScalingFolded
{
    /// <summary>The reference divides by 2 and then multiplies by scaling_factor = 1.5.</summary>
    const double Scale = 1.5 / 2;

    /// <summary>Columns of W per Parallel.For iteration: 4 KB of double accumulators, each row's slice one contiguous 2 KB read.</summary>
    const int ColumnBlock = 512;

    public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
    {
        var rows = (int)x.Size(0);
        var input = (int)x.Size(1);
        var hidden = (int)weight.Size(0);
        if (weight.Size(1) != input || output.Length != rows)
            throw new ArgumentException($"expected x [rows, in], weight [hidden, in], output [rows, 1]; got in {input} and {weight.Size(1)}, {output.Length} outputs for {rows} rows");

        var columnSums = new double[input];
        var blocks = (input + ColumnBlock - 1) / ColumnBlock;
        // Each block owns a disjoint range of columnSums and sums its rows in a fixed order: deterministic.
        Parallel.For(0, blocks, block => SumColumns(weight, hidden, input, block * ColumnBlock, Math.Min(ColumnBlock, input - block * ColumnBlock), columnSums));
        Parallel.For(0, rows, row => output.Span[row] = (float)(Dot(x.Slice((long)row * input, input), columnSums) * Scale));
    }

    static void SumColumns(ReadOnlyTensorView<float> weight, int hidden, int input, int start, int count, double[] columnSums)
    {
        Span<double> sums = stackalloc double[ColumnBlock];
        sums = sums[..count];
        sums.Clear();
        var vectorWidth = Vector<float>.Count;
        var vectorEnd = count - count % vectorWidth;
        var sumVectors = MemoryMarshal.Cast<double, Vector<double>>(sums);
        var all = weight.Span;
        for (var h = 0; h < hidden; h++)
        {
            var row = all.Slice(h * input + start, count);
            for (var c = 0; c < vectorEnd; c += vectorWidth)
            {
                Vector.Widen(new Vector<float>(row.Slice(c, vectorWidth)), out var low, out var high);
                var v = c / Vector<double>.Count;
                sumVectors[v] += low;
                sumVectors[v + 1] += high;
            }
            for (var c = vectorEnd; c < count; c++) sums[c] += row[c];
        }
        sums.CopyTo(new Span<double>(columnSums, start, count));
    }

    static double Dot(ReadOnlySpan<float> x, double[] columnSums)
    {
        var vectorWidth = Vector<float>.Count;
        var vectorEnd = x.Length - x.Length % vectorWidth;
        var sums = MemoryMarshal.Cast<double, Vector<double>>(new ReadOnlySpan<double>(columnSums, 0, vectorEnd));
        var accumulator = Vector<double>.Zero;
        for (var c = 0; c < vectorEnd; c += vectorWidth)
        {
            Vector.Widen(new Vector<float>(x.Slice(c, vectorWidth)), out var low, out var high);
            var v = c / Vector<double>.Count;
            accumulator += low * sums[v] + high * sums[v + 1];
        }
        var total = Vector.Sum(accumulator);
        for (var c = vectorEnd; c < x.Length; c++) total += x[c] * columnSums[c];
        return total;
    }
}
