using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KernelBench.GemmShare;

/// <summary>One <c>nn.Linear</c> of a module at the problem's size: rows of its input, in and out features.</summary>
public sealed record GemmShape(long Batch, long In, long Out)
{
    /// <summary>2 × batch × in × out: one multiply and one add per term of the product.</summary>
    public double Flops => 2.0 * Batch * In * Out;
}

/// <summary>The measurement of one problem: its GEMMs, the load around it, the raw pairs and their summary; or why it was not measured.</summary>
public sealed record GemmShareResult(
    string Key,
    string Name,
    IReadOnlyList<GemmShape> Gemms,
    string? Skipped,
    double[]? LoadBefore,
    double[]? LoadAfter,
    IReadOnlyList<double>? ForwardMs,
    IReadOnlyList<double>? GemmMs,
    GemmShareSummary? Summary);

/// <summary>
/// Times a problem's eager forward against the same GEMMs alone, in interleaved pairs: the module's own
/// <c>nn.Linear</c> layers (weights and bias as initialised, each called through its own <c>forward</c>, which is what the
/// reference calls), the first on the problem's sample inputs and every later one on a uniform [0, 1) tensor of its
/// input's shape (for L2-45, the hidden layer; the GEMM's speed does not depend on the values).
/// </summary>
public static class GemmShareMeasurement
{
    /// <summary>Measures <paramref name="problem"/> at the current size with <paramref name="pairs"/> timed pairs after one warm-up pair.</summary>
    public static GemmShareResult Measure(Problem problem, int pairs)
    {
        if (pairs < 1) throw new ArgumentOutOfRangeException(nameof(pairs), pairs, "at least one pair");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var module = problem.Create();
        var inputs = problem.SampleInputs(CPU);
        var linears = module.modules().OfType<Linear>().ToList();
        if (linears.Count == 0)
            return Skipped(problem, "no nn.Linear layer (its GEMM is written as a matmul of the module's own weight)");
        if (inputs.Length != 1 || inputs[0].dim() != 2)
            return Skipped(problem, "the sample input is not one [batch, features] matrix");

        var batch = inputs[0].shape[0];
        var shapes = linears.Select(l => new GemmShape(batch, l.weight!.shape[1], l.weight.shape[0])).ToList();
        var layerInputs = linears.Select((l, i) => i == 0 ? inputs[0] : rand(batch, shapes[i].In)).ToArray();

        void Forward()
        {
            using var sample = NewDisposeScope();
            problem.RunReference(module, inputs);
        }

        void GemmsAlone()
        {
            using var sample = NewDisposeScope();
            for (var i = 0; i < linears.Count; i++) linears[i].forward(layerInputs[i]);
        }

        var loadBefore = LoadAverage();
        Forward();
        GemmsAlone();
        var forwardMs = new List<double>(pairs);
        var gemmMs = new List<double>(pairs);
        for (var pair = 0; pair < pairs; pair++)
        {
            // Alternating which side goes first cancels a drift that would favour one side.
            if (pair % 2 == 0)
            {
                forwardMs.Add(Time(Forward));
                gemmMs.Add(Time(GemmsAlone));
            }
            else
            {
                gemmMs.Add(Time(GemmsAlone));
                forwardMs.Add(Time(Forward));
            }
        }
        var summary = GemmShareSummary.From(forwardMs, gemmMs, shapes.Sum(s => s.Flops));
        return new GemmShareResult(problem.Key, problem.Info.Name, shapes, null, loadBefore, LoadAverage(), forwardMs, gemmMs, summary);
    }

    static GemmShareResult Skipped(Problem problem, string reason) =>
        new(problem.Key, problem.Info.Name, [], reason, null, null, null, null, null);

    static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The 1-, 5- and 15-minute load averages (what <c>uptime</c> prints), or null off Linux.</summary>
    static double[]? LoadAverage()
    {
        const string Path = "/proc/loadavg";
        if (!File.Exists(Path)) return null;
        return [.. File.ReadAllText(Path).Split(' ').Take(3).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
