using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// Measures the machine's peak memory bandwidth (a STREAM-like triad over arrays far larger than the last-level cache,
/// Parallel.For over all cores, with ordinary and with non-temporal stores) and its FP32 FMA throughput (independent
/// Vector256 FMA chains on every core). Each is the best of several passes.
/// </summary>
public static unsafe class PeakProbe
{
    /// <summary>Each triad array is this many times the last-level cache, so almost nothing of it can be cached.</summary>
    public const int ArrayLastLevelCacheMultiple = 4;

    public const int TriadRepetitions = 15;
    const int FmaRepetitions = 10;

    /// <summary>Enough FMA iterations per core for ~10 ms of work at a few GHz, far above the timer and Parallel.For overhead.</summary>
    const long FmaIterations = 4_000_000;

    /// <summary>Independent accumulators: enough to cover the FMA latency (4 cycles) × ports (2) on current x86 cores.</summary>
    const int FmaChains = 8;

    public static MachinePeak Measure(string machine)
    {
        var llc = CacheFlusher.LastLevelCacheBytes() ?? CacheFlusher.FallbackBytes / CacheFlusher.LastLevelCacheMultiple;
        var arrayBytes = ArrayLastLevelCacheMultiple * llc;
        var (triad, nonTemporal) = Triads(arrayBytes);
        return new MachinePeak(machine, Environment.ProcessorCount, triad, nonTemporal, Fma.IsSupported ? FmaGflops() : null,
            arrayBytes, TriadRepetitions, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            MachineInfo.LoadAverage());
    }

    static (double Triad, double NonTemporal) Triads(long arrayBytes)
    {
        var length = arrayBytes / sizeof(float) / Vector256<float>.Count * Vector256<float>.Count;
        var bytes = (nuint)(length * sizeof(float));
        var a = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        var b = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        var c = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        try
        {
            // Touch every page first so the passes measure bandwidth, not page faults.
            new Span<float>(a, checked((int)length)).Fill(0);
            new Span<float>(b, checked((int)length)).Fill(1);
            new Span<float>(c, checked((int)length)).Fill(2);
            var parts = Environment.ProcessorCount;
            double best = 0, bestNonTemporal = 0;
            for (var r = 0; r < TriadRepetitions; r++)
            {
                best = Math.Max(best, 3.0 * length * sizeof(float) / Time(() => TriadPass(a, b, c, length, parts, nonTemporal: false)) / 1e9);
                if (Avx.IsSupported)
                    bestNonTemporal = Math.Max(bestNonTemporal, 3.0 * length * sizeof(float) / Time(() => TriadPass(a, b, c, length, parts, nonTemporal: true)) / 1e9);
            }
            return (best, bestNonTemporal);
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(c);
        }
    }

    static double Time(Action pass)
    {
        var start = Stopwatch.GetTimestamp();
        pass();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    static void TriadPass(float* a, float* b, float* c, long length, int parts, bool nonTemporal)
    {
        var lanes = Vector256<float>.Count;
        Parallel.For(0, parts, part =>
        {
            // Part boundaries on whole vectors keep every store 32-byte aligned.
            var start = length / lanes * part / parts * lanes;
            var end = length / lanes * (part + 1) / parts * lanes;
            if (nonTemporal) TriadNonTemporal(a, b, c, start, end);
            else Triad(a, b, c, start, end);
        });
    }

    // The probe's loops run a handful of times in a process: without AggressiveOptimization they would be timed in the
    // JIT's unoptimised first tier and the "peak" would be the JIT's, not the machine's.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Triad(float* a, float* b, float* c, long start, long end)
    {
        var scale = Vector256.Create(3f);
        for (var i = start; i < end; i += Vector256<float>.Count)
            Vector256.Store(Vector256.Load(b + i) + scale * Vector256.Load(c + i), a + i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TriadNonTemporal(float* a, float* b, float* c, long start, long end)
    {
        var scale = Vector256.Create(3f);
        for (var i = start; i < end; i += Vector256<float>.Count)
            Avx.StoreAlignedNonTemporal(a + i, Vector256.Load(b + i) + scale * Vector256.Load(c + i));
    }

    static double FmaGflops()
    {
        var parts = Environment.ProcessorCount;
        var sinks = new float[parts];
        double best = 0;
        for (var r = 0; r < FmaRepetitions; r++)
        {
            var seconds = Time(() => Parallel.For(0, parts, part => sinks[part] = FmaChainsOnOneCore(FmaIterations)));
            best = Math.Max(best, 2.0 * Vector256<float>.Count * FmaChains * FmaIterations * parts / seconds / 1e9);
        }
        GC.KeepAlive(sinks);
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float FmaChainsOnOneCore(long iterations)
    {
        // x·1 + 0 keeps every value fixed (no overflow, no denormals) while the hardware does the full FMA.
        var one = Vector256.Create(1f);
        var zero = Vector256<float>.Zero;
        Vector256<float> a0 = Vector256.Create(1f), a1 = Vector256.Create(2f), a2 = Vector256.Create(3f), a3 = Vector256.Create(4f);
        Vector256<float> a4 = Vector256.Create(5f), a5 = Vector256.Create(6f), a6 = Vector256.Create(7f), a7 = Vector256.Create(8f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, one, zero);
            a1 = Fma.MultiplyAdd(a1, one, zero);
            a2 = Fma.MultiplyAdd(a2, one, zero);
            a3 = Fma.MultiplyAdd(a3, one, zero);
            a4 = Fma.MultiplyAdd(a4, one, zero);
            a5 = Fma.MultiplyAdd(a5, one, zero);
            a6 = Fma.MultiplyAdd(a6, one, zero);
            a7 = Fma.MultiplyAdd(a7, one, zero);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    }
}
