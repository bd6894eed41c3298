using System.Runtime.CompilerServices;
using KernelGen.Engine.Benchmarking;

namespace KernelGen.Engine.Tests.Benchmarking;

/// <summary>Subjects with a known amount of work, for the harness's self-tests.</summary>
static class SyntheticKernels
{
    /// <summary>
    /// One unit of work: a dependent chain of multiply-adds, about 6 ms on this class of machine. A dependent chain is
    /// bound by latency on one core, so 2 units take twice as long regardless of memory or the other core's load.
    /// </summary>
    public const long IterationsPerUnit = 1_500_000;

    /// <summary>A subject doing exactly <paramref name="units"/> units of work into a one-element output.</summary>
    public static TimedSubject Work(string name, int units)
    {
        var output = new double[1];
        return new DelegateSubject(name, () => output[0] = Chain(units * IterationsPerUnit), () => output[0], () => output[0] = double.NaN);
    }

    /// <summary>A subject that returns almost at once (a handful of operations): only call overhead can be measured.</summary>
    public static TimedSubject Trivial(string name)
    {
        var output = new double[1];
        return new DelegateSubject(name, () => output[0] = Chain(16), () => output[0], () => output[0] = double.NaN);
    }

    /// <summary>
    /// A subject that starts its work on another thread and returns at once, as a lazy or asynchronous kernel would; the
    /// work fills a buffer whose release poisons it with NaN, like the harness's tensor subjects do.
    /// </summary>
    public static TimedSubject ReturnsBeforeItsWorkIsDone(string name)
    {
        var output = new double[1 << 16];
        Task? pending = null;
        return new DelegateSubject(
            name,
            () => pending = Task.Run(() =>
            {
                for (var i = 0; i < output.Length; i++) output[i] = Chain(IterationsPerUnit / output.Length) + i;
            }),
            () => output.Sum(),
            () =>
            {
                // The test's own hygiene: the background work must not outlive the test.
                pending?.Wait();
                Array.Fill(output, double.NaN);
            });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Chain(long iterations)
    {
        var x = 1.0;
        for (long i = 0; i < iterations; i++) x = x * 0.999999 + 1e-6;
        return x;
    }
}
