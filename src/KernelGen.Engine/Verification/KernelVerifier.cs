using System.Diagnostics;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Workers.Progress;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// Runs the verification protocol of docs/verification.md on one candidate in the worker process: a float64 oracle,
/// trials across distributions and perturbed shapes with re-randomised module state, poisoned outputs, determinism,
/// and unchanged inputs and state.
/// </summary>
/// <param name="progress">Told as each trial starts, with its distribution and shapes.</param>
public sealed class KernelVerifier(KernelModuleHost host, CandidateKernel candidate, VerificationSettings settings, IProgress<EvaluationProgress>? progress = null)
{
    /// <summary>Poisons for the second run of each trial (the first always uses NaN).</summary>
    static readonly double[] SecondPoisons = [1e30, -777];

    public VerificationOutcome Verify(long seed)
    {
        var clock = Stopwatch.StartNew();
        using var noGrad = no_grad();
        // The worker's environment keeps freed memory for fair benchmark timing; verification's allocation pattern
        // would fragment that heap (VerificationHeap says why), so large blocks are mapped until Verify returns.
        using var heap = VerificationHeap.MapLargeAllocations();
        var module = host.Create();
        var oracleModule = host.Create().to(ScalarType.Float64);
        var sampleInputs = host.SampleInputs();
        var state = KernelModuleHost.State(module).Select(s => s.Tensor).ToArray();
        var oracleState = KernelModuleHost.State(oracleModule).Select(s => s.Tensor).ToArray();

        var domain = new ShapeInference(host, module, sampleInputs).Infer();
        var outputType = host.RunReference(module, sampleInputs).dtype;
        var argumentTypes = sampleInputs.Concat(state).Select(t => t.dtype).ToArray();
        var poison = new OutputPoison();
        var variant = candidate.CreateVariant("candidate", argumentTypes, outputType, domain.ToRuntime(), poison);
        var floor = VerificationTolerance.Floor(outputType);
        var stats = new TrialStatistics();
        using var degenerate = new DegenerateOutputDetector();

        try
        {
            foreach (var trial in TrialPlan.Create(domain, settings.Trials, settings.FullShapeTrials, seed))
            {
                manual_seed(seed + trial.Index);
                using var scope = NewDisposeScope();
                var shapes = domain.Shapes(trial.Sizes);
                progress?.Report(new TrialProgress(trial.Index + 1, settings.Trials, trial.Distribution.Name, shapes));
                var inputs = sampleInputs.Select((t, i) => trial.Distribution.Create(shapes[i], t.dtype)).ToArray();
                Refill(state, oracleState, trial.Distribution);
                var arguments = inputs.Concat(state).ToArray();
                var snapshot = arguments.Select(a => a.clone()).ToArray();
                var where = $"trial {trial.Index} ({trial.Distribution.Name}, shapes {Describe(shapes)})";

                Tensor first, reference;
                if (trial.CandidateFirst)
                {
                    first = RunCandidate(variant, poison, double.NaN, arguments, where);
                    EnsureUnchanged(arguments, snapshot, inputs.Length, where);
                    reference = host.RunReference(module, inputs);
                }
                else
                {
                    reference = host.RunReference(module, inputs);
                    first = RunCandidate(variant, poison, double.NaN, arguments, where);
                    EnsureUnchanged(arguments, snapshot, inputs.Length, where);
                }

                var secondPoison = SecondPoisons[trial.Index % SecondPoisons.Length];
                var second = RunCandidate(variant, poison, secondPoison, arguments, where);
                if (!BitwiseEqual(first, second))
                {
                    // A third run with the first poison separates the two causes: if it differs from the first, the
                    // kernel is non-deterministic; if not, the difference must show the NaN poison, otherwise a kernel
                    // that is random only some of the time would be misreported as leaving elements unwritten.
                    var third = RunCandidate(variant, poison, double.NaN, arguments, where);
                    if (!BitwiseEqual(first, third))
                        throw new VerificationFailure("determinism", $"{where}: two runs on the same inputs differ bitwise at {Differing(first, third)} elements");
                    if (!PoisonShowsThrough(first, second))
                        throw new VerificationFailure("determinism", $"{where}: two runs on the same inputs differ bitwise at {Differing(first, second)} elements, none of them where the output poison shows");
                    throw new VerificationFailure("poisoned-output", $"{where}: the output depends on the output buffer's initial contents ({Differing(first, second)} elements differ between NaN and {secondPoison:G} poisons): some elements are not written, or are read before being written");
                }
                EnsureUnchanged(arguments, snapshot, inputs.Length, where);

                if (!first.shape.SequenceEqual(reference.shape))
                    throw new VerificationFailure("output-shape", $"{where}: output shape [{string.Join(", ", first.shape)}], the reference's is [{string.Join(", ", reference.shape)}]");
                var oracle = host.RunReference(oracleModule, [.. inputs.Select(ToOracleType)]);
                degenerate.Observe(trial, trial.Index < settings.FullShapeTrials || domain.Symbols.Count == 0, inputs, oracle);
                var error = OutputComparison.Measure(first, reference, oracle);
                if (error.Problem is { } problem)
                    throw new VerificationFailure(problem.Check, $"{where}: {problem.Reason}");
                var ratio = VerificationTolerance.Ratio(error, floor);
                stats.Add(trial, shapes, error, ratio);
                if (!(ratio <= 1.0))
                    throw new VerificationFailure("oracle-accuracy",
                        $"{where}: max normalised error {error.CandidateError:G3} exceeds {VerificationTolerance.Factor} × the reference's {error.ReferenceError:G3} + floor {floor:G3} (ratio {ratio:G3})");
            }
        }
        catch (VerificationFailure failure)
        {
            // The seed makes the failure reproducible (kernelgen verify --seed); rejected results carry no evidence.
            return VerificationOutcome.Failed(failure.Check, $"{failure.Message} [seed {seed}]", domain);
        }

        var evidence = stats.ToEvidence(seed, settings.Trials, floor, clock.Elapsed.TotalSeconds) with { DegenerateOutputs = degenerate.Findings() };
        return VerificationOutcome.Passed(domain, evidence);
    }

    static Tensor RunCandidate(CpuKernelVariant variant, OutputPoison poison, double poisonValue, Tensor[] arguments, string where)
    {
        poison.Value = poisonValue;
        return RunCandidate(variant, arguments, where);
    }

    /// <summary>One call through the dispatcher's path; the kernel throwing or the dispatcher declining is a <see cref="VerificationFailure"/>.</summary>
    internal static Tensor RunCandidate(CpuKernelVariant variant, Tensor[] arguments, string where)
    {
        if (variant.TryRun(arguments) is { } output) return output;
        throw variant.DisabledReason is { } reason
            ? new VerificationFailure("exceptions", $"{where}: the kernel threw {reason}")
            : new VerificationFailure("shape-domain", $"{where}: the dispatcher declined the call: the shapes are outside the inferred domain");
    }

    /// <summary>Fresh random state every trial, so a kernel that ignores a weight (or assumes its default init) fails.</summary>
    static void Refill(Tensor[] state, Tensor[] oracleState, InputDistribution distribution)
    {
        for (var i = 0; i < state.Length; i++)
        {
            if (!Dtypes.IsFloatingPoint(state[i].dtype)) continue;
            using var fresh = distribution.Create(state[i].shape, state[i].dtype);
            state[i].copy_(fresh);
            oracleState[i].copy_(state[i]);
        }
    }

    static void EnsureUnchanged(Tensor[] arguments, Tensor[] snapshot, int inputCount, string where)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            if (BitwiseEqual(arguments[i], snapshot[i])) continue;
            throw i < inputCount
                ? new VerificationFailure("inputs-unchanged", $"{where}: the kernel modified input {i} ({Differing(arguments[i], snapshot[i])} elements changed)")
                : new VerificationFailure("state-unchanged", $"{where}: the kernel modified module state {i - inputCount} ({Differing(arguments[i], snapshot[i])} elements changed)");
        }
    }

    /// <summary>
    /// Whether some element is NaN after the NaN-poisoned run but not after the other: the poison reached the output.
    /// Integer outputs have no NaN to follow, so any poison-dependent difference counts.
    /// </summary>
    static bool PoisonShowsThrough(Tensor nanPoisoned, Tensor otherPoisoned) =>
        !Dtypes.IsFloatingPoint(nanPoisoned.dtype) || nanPoisoned.isnan().logical_and(otherPoisoned.isnan().logical_not()).any().item<bool>();

    static Tensor ToOracleType(Tensor input) => Dtypes.IsFloatingPoint(input.dtype) ? input.to(ScalarType.Float64) : input;

    static bool BitwiseEqual(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.bytes.SequenceEqual(b.bytes);

    static long Differing(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return a.numel();
        var size = (int)a.element_size();
        ReadOnlySpan<byte> x = a.bytes, y = b.bytes;
        long count = 0;
        for (var offset = 0; offset < x.Length; offset += size)
            if (!x.Slice(offset, size).SequenceEqual(y.Slice(offset, size))) count++;
        return count;
    }

    static string Describe(long[][] shapes) => string.Join(" ", shapes.Select(s => $"[{string.Join(",", s)}]"));
}

/// <summary>How many trials to run and how many of them at the full sample shape.</summary>
public sealed record VerificationSettings(int Trials = 100, int FullShapeTrials = 3);

/// <summary>The verifier's verdict: the inferred domain, and evidence or the failing check.</summary>
public sealed record VerificationOutcome(bool Succeeded, string? FailingCheck, string? Reason, InferredDomain Domain, VerificationEvidence? Evidence)
{
    internal static VerificationOutcome Passed(InferredDomain domain, VerificationEvidence evidence) => new(true, null, null, domain, evidence);

    internal static VerificationOutcome Failed(string check, string reason, InferredDomain domain) => new(false, check, reason, domain, null);

    /// <summary>The checks in the order the protocol applies them; all passed when verification succeeded.</summary>
    public static readonly IReadOnlyList<string> CheckNames =
        ["shape-domain", "exceptions", "inputs-unchanged", "state-unchanged", "poisoned-output", "determinism", "output-shape", "nan-inf-mask", "oracle-accuracy"];
}
