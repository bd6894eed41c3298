using System.Diagnostics;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// Times the reference and a verified candidate at the sample shapes, interleaved so that the shared machine's drift
/// hits both sides alike. Each sample is one complete call: for the candidate the dispatcher's output allocation plus
/// the kernel, for the reference the reference method.
/// </summary>
public sealed class KernelBenchmark(KernelModuleHost host, int samples)
{
    /// <summary>Warm-up ends once both sides' last three runs lie within this fraction of their median (after the minimum).</summary>
    const double StableSpread = 0.10;
    const int MinimumWarmup = 5;
    const int MaximumWarmup = 30;

    /// <summary>Benchmarks <paramref name="candidate"/>, dispatched through a variant over its verified <paramref name="domain"/>.</summary>
    public BenchmarkResult Run(CandidateKernel candidate, InferredDomain domain, string variantId)
    {
        using var noGrad = no_grad();
        var module = host.Create();
        var inputs = host.SampleInputs();
        var arguments = inputs.Concat(KernelModuleHost.State(module).Select(s => s.Tensor)).ToArray();
        ScalarType outputType;
        using (NewDisposeScope()) outputType = host.RunReference(module, inputs).dtype;
        var variant = candidate.CreateVariant(variantId, [.. arguments.Select(a => a.dtype)], outputType, domain.ToRuntime());
        Func<Tensor> reference = () => host.RunReference(module, inputs);
        Func<Tensor> kernel = () => variant.TryRun(arguments)
            ?? throw new InvalidOperationException($"the verified kernel declined or failed the benchmark call: {variant.DisabledReason ?? "shapes outside its domain"}");

        var warmupReference = new List<double>();
        var warmupCandidate = new List<double>();
        while (warmupReference.Count < MaximumWarmup && !(warmupReference.Count >= MinimumWarmup && Stable(warmupReference) && Stable(warmupCandidate)))
        {
            warmupReference.Add(Time(reference));
            warmupCandidate.Add(Time(kernel));
        }

        var referenceSamples = new List<double>(samples);
        var candidateSamples = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            // Alternate which side goes first so neither always runs on a cache the other warmed.
            if (i % 2 == 0)
            {
                referenceSamples.Add(Time(reference));
                candidateSamples.Add(Time(kernel));
            }
            else
            {
                candidateSamples.Add(Time(kernel));
                referenceSamples.Add(Time(reference));
            }
        }

        var referenceMedian = BootstrapCi.Median(referenceSamples);
        var candidateMedian = BootstrapCi.Median(candidateSamples);
        var (low, high) = BootstrapCi.SpeedupInterval(referenceSamples, candidateSamples);
        return new BenchmarkResult(
            MachineInfo.Describe(),
            "TorchSharp eager (the module's reference)",
            "warm: Stopwatch around one complete call, outputs and temporaries freed between samples; samples interleaved",
            [.. arguments.Select(a => (IReadOnlyList<long>)a.shape)],
            warmupReference.Count,
            referenceMedian,
            candidateMedian,
            referenceMedian / candidateMedian,
            low,
            high,
            BootstrapCi.Resamples,
            BootstrapCi.Seed,
            referenceSamples,
            candidateSamples);
    }

    /// <summary>Milliseconds for one call; the scope frees the output and the reference's temporaries after the clock stops.</summary>
    static double Time(Func<Tensor> call)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        call();
        clock.Stop();
        return clock.Elapsed.TotalMilliseconds;
    }

    static bool Stable(List<double> times)
    {
        var last = times.TakeLast(3).ToArray();
        var median = BootstrapCi.Median(last);
        return last.All(t => Math.Abs(t - median) <= StableSpread * median);
    }
}
