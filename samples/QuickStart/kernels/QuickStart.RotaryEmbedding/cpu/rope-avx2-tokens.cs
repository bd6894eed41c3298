using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using KernelGen.Cpu;

namespace KernelGen.Kernels.QuickStart.RotaryEmbedding;

/// <summary>
/// Rotary position embedding with rotate_half: out = x * cos + cat(-x2, x1) * sin, where x1 and x2 are the two
/// halves of each head's vector (x.chunk(2, -1)) and cos/sin rows are shared by all heads of a token.
/// One pass: x is read once, out written once, and a token's cos/sin rows stay in L1 across its heads, where eager
/// materialises the negated half, the concatenation and two products.
/// </summary>
public static class RopeAvx2Tokens
{
    // Elements of x per Parallel.For iteration: about 64K, so scheduling is amortised and both cores balance.
    const int ElementsPerBlock = 1 << 16;

    public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> cos, ReadOnlyTensorView<float> sin, TensorView<float> output)
    {
        if (x.Rank != 3 || cos.Rank != 2 || sin.Rank != 2)
            throw new ArgumentException($"RoPE expects x as [tokens, heads, headDim] and cos/sin as [tokens, headDim]; got ranks {x.Rank}, {cos.Rank}, {sin.Rank}.");
        var tokens = x.Size(0);
        var heads = checked((int)x.Size(1));
        var headDim = checked((int)x.Size(2));
        if (cos.Size(0) != tokens || cos.Size(1) != headDim || sin.Size(0) != tokens || sin.Size(1) != headDim || output.Length != x.Length)
            throw new ArgumentException($"RoPE shapes disagree: x {x.Shape}, cos {cos.Shape}, sin {sin.Shape}, output {output.Shape}.");
        // chunk(2) yields two halves only from two elements on; with one the reference itself has no second half.
        if (headDim < 2)
            throw new ArgumentException($"RoPE needs a head dimension of at least 2; got {headDim}.");
        if (tokens == 0 || heads == 0) return;

        var tokenStride = checked(heads * headDim);
        var tokensPerBlock = Math.Max(1, ElementsPerBlock / tokenStride);
        var blocks = (tokens + tokensPerBlock - 1) / tokensPerBlock;
        Parallel.For(0L, blocks, block =>
        {
            var first = block * tokensPerBlock;
            var last = Math.Min(tokens, first + tokensPerBlock);
            for (var token = first; token < last; token++)
            {
                var cosRow = cos.Slice(token * headDim, headDim);
                var sinRow = sin.Slice(token * headDim, headDim);
                for (var head = 0; head < heads; head++)
                {
                    var offset = token * tokenStride + (long)head * headDim;
                    RotateHead(x.Slice(offset, headDim), cosRow, sinRow, output.Slice(offset, headDim));
                }
            }
        });
    }

    /// <summary>
    /// chunk(2) splits a head of d elements into x1 = x[..ceil(d/2)] and x2 = the rest, so rotate_half(x) is
    /// -x2 followed by x1; for even d (every real model) both halves are d/2 long.
    /// </summary>
    static void RotateHead(ReadOnlySpan<float> x, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> output)
    {
        var firstHalf = (x.Length + 1) / 2;
        var secondHalf = x.Length - firstHalf;
        // out[j] = x[j] * cos[j] - x2[j] * sin[j] for the positions rotate_half fills with -x2 ...
        Rotate(x[..secondHalf], x.Slice(firstHalf, secondHalf), cos[..secondHalf], sin[..secondHalf], negatePartner: true, output[..secondHalf]);
        // ... and out[j] = x[j] * cos[j] + x1[j - secondHalf] * sin[j] for those it fills with x1.
        Rotate(x[secondHalf..], x[..firstHalf], cos[secondHalf..], sin[secondHalf..], negatePartner: false, output[secondHalf..]);
    }

    /// <summary>out = x * cos ± partner * sin, with the product x * cos fused into the final add (one rounding fewer than eager).</summary>
    static void Rotate(ReadOnlySpan<float> x, ReadOnlySpan<float> partner, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, bool negatePartner, Span<float> output)
    {
        var xv = MemoryMarshal.Cast<float, Vector256<float>>(x);
        var pv = MemoryMarshal.Cast<float, Vector256<float>>(partner);
        var cv = MemoryMarshal.Cast<float, Vector256<float>>(cos);
        var sv = MemoryMarshal.Cast<float, Vector256<float>>(sin);
        var ov = MemoryMarshal.Cast<float, Vector256<float>>(output);
        var sign = negatePartner ? -1f : 1f;
        var signs = Vector256.Create(sign);
        for (var i = 0; i < xv.Length; i++)
            ov[i] = Vector256.FusedMultiplyAdd(xv[i], cv[i], signs * (pv[i] * sv[i]));
        for (var j = xv.Length * Vector256<float>.Count; j < x.Length; j++)
            output[j] = MathF.FusedMultiplyAdd(x[j], cos[j], sign * (partner[j] * sin[j]));
    }
}
