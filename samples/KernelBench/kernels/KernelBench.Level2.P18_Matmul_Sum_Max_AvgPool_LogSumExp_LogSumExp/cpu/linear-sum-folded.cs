using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KernelGen.Cpu;

namespace KernelGen.Kernels.KernelBench.Level2.P18;

/// <summary>
/// KernelBench L2/18: linear(x) summed over dim 1 (keepdim), then max, mean and two logsumexp over that dim of size 1,
/// each of which returns its single element unchanged (logsumexp of one finite x is log(exp(x - x)) + x = x; of ±inf,
/// ±inf; of NaN, NaN). The sum commutes with the GEMM: sum_h (x[r,:] . W[h,:] + b[h]) = x[r,:] . colsum(W) + sum(b).
/// So one pass over W (column sums, in double) and one dot product per row replace the batch x out x in GEMM:
/// memory-bound instead of compute-bound. Everything accumulates in double and is rounded once. NaN and infinities in
/// W or b reach every row, as they reach every row of the reference's GEMM output and then its sum.
/// </summary>
public static class LinearSumFolded
{

    /// <summary>Columns of W per Parallel.For iteration: 4 KB of double accumulators, each row's slice one contiguous 2 KB read.</summary>
    const int ColumnBlock = 512;

    public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, ReadOnlyTensorView<float> bias, TensorView<float> output)
    {
        var rows = (int)x.Size(0);
        var input = (int)x.Size(1);
        var hidden = (int)weight.Size(0);
        if (weight.Size(1) != input || bias.Length != hidden || output.Length != rows)
            throw new ArgumentException($"expected x [rows, in], weight [out, in], bias [out], output [rows, 1]; got in {input} and {weight.Size(1)}, {bias.Length} biases for {hidden} outputs, {output.Length} outputs for {rows} rows");

        var columnSums = new double[input];
        var blocks = (input + ColumnBlock - 1) / ColumnBlock;
        // Each block owns a disjoint range of columnSums and sums its rows in a fixed order: deterministic.
        Parallel.For(0, blocks, block => SumColumns(weight, hidden, input, block * ColumnBlock, Math.Min(ColumnBlock, input - block * ColumnBlock), columnSums));
        double biasSum = 0;
        foreach (var b in bias.Span) biasSum += b;
        Parallel.For(0, rows, row => output.Span[row] = (float)(Dot(x.Slice((long)row * input, input), columnSums) + biasSum));
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
