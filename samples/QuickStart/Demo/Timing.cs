using System.Diagnostics;
using static TorchSharp.torch;

namespace QuickStart.Demo;

static class Timing
{
    // The kernels' loops start in the JIT's quick tier and move to optimised code after enough calls and a short
    // delay; warming up for a fixed time (not a fixed count) makes sure both sides are measured in steady state.
    static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(600);

    /// <summary>
    /// Median wall time of each function, alternating between them so that both see the same machine load.
    /// Each call includes allocating its output and freeing everything it created.
    /// </summary>
    public static (double FirstMs, double SecondMs) InterleavedMedians(Func<Tensor> first, Func<Tensor> second, int samples)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < WarmUp)
        {
            Measure(first);
            Measure(second);
        }
        var firstMs = new double[samples];
        var secondMs = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            firstMs[i] = Measure(first);
            secondMs[i] = Measure(second);
        }
        return (Median(firstMs), Median(secondMs));
    }

    static double Measure(Func<Tensor> run)
    {
        using var scope = NewDisposeScope();
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalMilliseconds;
    }

    static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
