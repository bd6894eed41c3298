using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers.Progress;
using static TorchSharp.torch;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// Times the reference and a verified candidate at the sample shapes with the <see cref="InterleavedHarness"/>, cold
/// (caches flushed before every sample: selection and the speed-of-light check) and warm. Each sample is one complete
/// call: for the candidate the dispatcher's output allocation plus the kernel, for the reference the reference method.
/// </summary>
/// <param name="progress">Told of every warm-up pair and sample (<see cref="InterleavedHarness"/>).</param>
public sealed class KernelBenchmark(
    KernelModuleHost host, KernelContract contract, HarnessSettings settings, MachinePeak peak, CacheFlusher flusher, IProgress<EvaluationProgress>? progress = null)
{
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
        var reference = new TensorSubject("reference", () => host.RunReference(module, inputs));
        var kernel = new TensorSubject(variantId, () => variant.TryRun(arguments)
            ?? throw new InvalidOperationException($"the verified kernel declined or failed the benchmark call: {variant.DisabledReason ?? "shapes outside its domain"}"));

        var loadBefore = MachineInfo.LoadAverage();
        var harness = new InterleavedHarness(settings, flusher, progress);
        var cold = harness.Measure(reference, kernel, TimingMode.Cold);
        var warm = harness.Measure(reference, kernel, TimingMode.Warm);
        return new BenchmarkResult(
            MachineInfo.Describe(),
            "TorchSharp eager (the module's reference)",
            "cold: caches flushed before every sample; Stopwatch around one complete call; output checksummed twice after the clock; "
                + "outputs and temporaries freed between samples; pairs interleaved, order alternating",
            [.. arguments.Select(a => (IReadOnlyList<long>)a.shape)],
            cold.WarmupPairs,
            cold.ReferenceMedianMs,
            cold.CandidateMedianMs,
            cold.Speedup,
            cold.SpeedupCi95.Low,
            cold.SpeedupCi95.High,
            BootstrapCi.Resamples,
            BootstrapCi.Seed,
            cold.ReferenceSamplesMs,
            cold.CandidateSamplesMs)
        {
            Mode = TimingMode.Cold,
            WarmupStable = cold.WarmupStable,
            ReferenceOutliers = cold.ReferenceOutliers,
            CandidateOutliers = cold.CandidateOutliers,
            TooSmallToMeasure = cold.TooSmallToMeasure,
            CacheFlushBytes = cold.CacheFlushBytes,
            SpeedOfLight = SpeedOfLight.Evaluate(cold, contract.BytesMoved, contract.Flops, peak),
            LoadAverage = loadBefore is { } before && MachineInfo.LoadAverage() is { } after ? [before, after] : null,
            Warm = ModeEvidence.From(warm, SpeedOfLight.Evaluate(warm, contract.BytesMoved, contract.Flops, peak)),
        };
    }
}
