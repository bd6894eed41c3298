using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using KernelGen.Cpu;

namespace KernelGen.Kernels.QuickStart.SwiGluGate;

/// <summary>
/// SwiGLU gate: out = silu(gate) * up = gate / (1 + exp(-gate)) * up, in one pass over memory.
/// Eager writes silu(gate) to a full-size intermediate and reads it back for the product; fused, each element
/// moves 12 bytes instead of 20.
/// </summary>
public static class SwiGluAvx2Blocks
{
    // exp(-gate) is clamped from below so that it never yields a denormal (exp(-86) ~ 4.4e-38 is still normal):
    // 1 + exp(t) is exactly 1 far below that, so the clamp does not change any result, and denormal operands
    // would slow the divide. Above about 88.72 exp overflows to +inf, which gives gate / inf = -0 as eager does.
    const float MinExpArgument = -86f;
    const float MaxExpArgument = 89f;

    // exp(t) = 2^n * exp(r) with n = round(t / ln 2) and r = t - n ln 2 in [-ln2/2, ln2/2] (Cody-Waite: ln 2 split
    // so that n * Ln2High is exact), exp(r) by Cephes' expf polynomial: about 1 ulp.
    const float Log2E = 1.44269504088896341f;
    const float Ln2High = 0.693359375f;
    const float Ln2Low = -2.12194440e-4f;
    const float RoundingShift = 12582912f; // 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits
    const int RoundingShiftBits = 0x4B400000; // its bit pattern: the bits of (t / ln 2 + RoundingShift) are this + n
    const int HalfScaleBias = 126 - RoundingShiftBits; // (bits + HalfScaleBias) << 23 is 2^(n-1)
    const float P0 = 1.9875691500e-4f;
    const float P1 = 1.3981999507e-3f;
    const float P2 = 8.3334519073e-3f;
    const float P3 = 4.1665795894e-2f;
    const float P4 = 1.6666665459e-1f;
    const float P5 = 5.0000001201e-1f;

    // Elements per Parallel.For iteration: 64K (256 KB per input), large enough to amortise scheduling,
    // small enough for both cores to balance.
    const int ElementsPerBlock = 1 << 16;

    public static void Run(ReadOnlyTensorView<float> gate, ReadOnlyTensorView<float> up, TensorView<float> output)
    {
        var length = output.Length;
        if (gate.Length != length || up.Length != length)
            throw new ArgumentException($"SwiGLU expects gate, up and output of equal size; got {gate.Length}, {up.Length} and {length}.");

        var blocks = (length + ElementsPerBlock - 1) / ElementsPerBlock;
        Parallel.For(0L, blocks, block =>
        {
            var start = block * ElementsPerBlock;
            var count = (int)Math.Min(ElementsPerBlock, length - start);
            Gate(gate.Slice(start, count), up.Slice(start, count), output.Slice(start, count));
        });
    }

    static void Gate(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> output)
    {
        var g = MemoryMarshal.Cast<float, Vector256<float>>(gate);
        var u = MemoryMarshal.Cast<float, Vector256<float>>(up);
        var o = MemoryMarshal.Cast<float, Vector256<float>>(output);
        GateVectors(g, u, o);

        // The tail goes through the same vector code on a padded copy, so every element sees the same arithmetic.
        var done = g.Length * Vector256<float>.Count;
        if (done < gate.Length)
        {
            var tail = gate.Length - done;
            Span<float> lanes = stackalloc float[3 * Vector256<float>.Count];
            var tailGate = lanes[..Vector256<float>.Count];
            var tailUp = lanes.Slice(Vector256<float>.Count, Vector256<float>.Count);
            var tailOut = lanes[(2 * Vector256<float>.Count)..];
            gate[done..].CopyTo(tailGate);
            up[done..].CopyTo(tailUp);
            GateVectors(MemoryMarshal.Cast<float, Vector256<float>>(tailGate), MemoryMarshal.Cast<float, Vector256<float>>(tailUp), MemoryMarshal.Cast<float, Vector256<float>>(tailOut));
            tailOut[..tail].CopyTo(output[done..]);
        }
    }

    /// <summary>
    /// o = g / (1 + exp(-g)) * u. The exp is written out in the loop rather than in a helper: the JIT does not
    /// inline a helper this large, and passing vectors through a call costs about a quarter of the kernel's time.
    /// </summary>
    static void GateVectors(ReadOnlySpan<Vector256<float>> g, ReadOnlySpan<Vector256<float>> u, Span<Vector256<float>> o)
    {
        for (var i = 0; i < g.Length; i++)
        {
            // exp(t) = 2^n * exp(r), n = round(t / ln 2), r = t - n ln 2 in [-ln2/2, ln2/2].
            var t = Vector256.MinNative(Vector256.MaxNative(-g[i], Vector256.Create(MinExpArgument)), Vector256.Create(MaxExpArgument));
            var shifted = Vector256.FusedMultiplyAdd(t, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
            var n = shifted - Vector256.Create(RoundingShift);
            var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), t);
            r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);

            var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
            var expR = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;

            // n lies in [-124, 128]; 2^(n-1) is a normal float for all of them, and the final doubling is exact
            // except for the intended overflow to +inf.
            var halfScale = Vector256.ShiftLeft(shifted.AsInt32() + Vector256.Create(HalfScaleBias), 23).AsSingle();
            var exp = expR * halfScale * Vector256.Create(2f);

            o[i] = g[i] / (Vector256<float>.One + exp) * u[i];
        }
    }
}
