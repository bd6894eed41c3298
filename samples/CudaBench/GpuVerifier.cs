using System.Diagnostics;
using System.Text.Json.Nodes;
using KernelGen.Cuda;
using KernelGen.Engine.Verification;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CudaBench;

/// <summary>
/// The verification protocol of docs/verification.md on the GPU, for one CUDA kernel compiled from its file:
/// trials over the engine's input distributions at the full sample shape and at small probe shapes, fresh random
/// module state each trial, a float64 oracle (the module converted to float64, on the GPU), the engine's error
/// measure and tolerance, NaN and finite output poisons, determinism, and unchanged inputs and state.
/// The float32 reference whose error sets the tolerance runs with TF32 off (Runner turns it off at start).
/// </summary>
sealed class GpuVerifier(Problem problem, CudaKernelVariant candidate, int trials, int fullShapeTrials, long seed)
{
    static readonly long[] Probes = [1, 2, 3, 5, 17, 64, 127, 1000];
    static readonly double[] SecondPoisons = [1e30, -777];

    public JsonObject Verify(IReadOnlyList<long> sampleSizes)
    {
        var clock = Stopwatch.StartNew();
        using var noGrad = no_grad();
        var module = problem.Create().cuda();
        var oracleModule = problem.Create().to(ScalarType.Float64).cuda();
        var state = Problem.State(module);
        var oracleState = Problem.State(oracleModule);
        var floor = VerificationTolerance.Floor(ScalarType.Float32);
        var perDistribution = new Dictionary<string, (double Ratio, double Candidate, double Reference, int Trials)>();
        var maxRatio = 0.0;
        var poison = 0.0;
        candidate.PrepareOutput = output => output.fill_(poison);
        try
        {
            for (var t = 0; t < trials; t++)
            {
                using var scope = NewDisposeScope();
                manual_seed(seed + t);
                var distribution = InputDistribution.All[t % InputDistribution.All.Count];
                var sizes = t < fullShapeTrials ? sampleSizes : ProbeSizes(t);
                var shapes = problem.Domain.Shapes(sizes);
                var where = $"trial {t} ({distribution.Name}, shapes {string.Join(" ", shapes.Select(s => $"[{string.Join(",", s)}]"))})";
                var inputs = Enumerable.Range(0, problem.InputCount).Select(i => distribution.Create(shapes[i], ScalarType.Float32).cuda()).ToArray();
                for (var s = 0; s < state.Length; s++)
                {
                    state[s].copy_(distribution.Create(state[s].shape, ScalarType.Float32));
                    oracleState[s].copy_(state[s]);
                }
                var arguments = inputs.Concat(state).ToArray();
                var snapshot = arguments.Select(a => a.cpu()).ToArray();

                poison = double.NaN;
                var first = Run(arguments, where);
                var reference = Eager(() => problem.Forward(module, inputs));
                poison = SecondPoisons[t % SecondPoisons.Length];
                var second = Run(arguments, where);
                if (!BitwiseEqual(first, second))
                {
                    poison = double.NaN;
                    var third = Run(arguments, where);
                    throw new VerificationFailure(BitwiseEqual(first, third) ? "poisoned-output" : "determinism",
                        $"{where}: two runs with different output poisons differ ({(BitwiseEqual(first, third) ? "unwritten or read-before-written elements" : "non-deterministic results")})");
                }
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (!BitwiseEqual(arguments[i], snapshot[i]))
                        throw new VerificationFailure(i < problem.InputCount ? "inputs-unchanged" : "state-unchanged", $"{where}: the kernel modified argument {i}");
                }
                var expectedShape = problem.Domain.OutputShape(sizes);
                if (!first.shape.SequenceEqual(expectedShape) || !reference.shape.SequenceEqual(expectedShape))
                    throw new VerificationFailure("output-shape", $"{where}: output [{string.Join(",", first.shape)}], reference [{string.Join(",", reference.shape)}]");

                var oracle = Eager(() => problem.Forward(oracleModule, [.. inputs.Select(x => x.to(ScalarType.Float64))]));
                var error = OutputComparison.Measure(first, reference, oracle);
                if (error.Problem is { } comparisonProblem) throw new VerificationFailure(comparisonProblem.Check, $"{where}: {comparisonProblem.Reason}");
                var ratio = VerificationTolerance.Ratio(error, floor);
                if (!(ratio <= 1.0))
                    throw new VerificationFailure("oracle-accuracy", $"{where}: max normalised error {error.CandidateError:G3} exceeds {VerificationTolerance.Factor} x the reference's {error.ReferenceError:G3} + floor {floor:G3} (ratio {ratio:G3})");
                maxRatio = Math.Max(maxRatio, ratio);
                perDistribution.TryGetValue(distribution.Name, out var seen);
                perDistribution[distribution.Name] = (Math.Max(seen.Ratio, ratio), Math.Max(seen.Candidate, error.CandidateError), Math.Max(seen.Reference, error.ReferenceError), seen.Trials + 1);
            }
        }
        catch (VerificationFailure failure)
        {
            return new JsonObject { ["verdict"] = "fail", ["failingCheck"] = failure.Check, ["reason"] = $"{failure.Message} [seed {seed}]" };
        }
        finally
        {
            candidate.PrepareOutput = null;
        }

        return new JsonObject
        {
            ["verdict"] = "pass",
            ["checksPassed"] = new JsonArray("shape-domain", "exceptions", "inputs-unchanged", "state-unchanged", "poisoned-output", "determinism", "output-shape", "nan-inf-mask", "oracle-accuracy"),
            ["trials"] = trials,
            ["fullShapeTrials"] = fullShapeTrials,
            ["seed"] = seed,
            ["oracle"] = "float64 module on the GPU (IEEE double; TF32 does not apply)",
            ["referenceTf32"] = false,
            ["toleranceFactor"] = VerificationTolerance.Factor,
            ["toleranceFloor"] = floor,
            ["maxErrorRatio"] = maxRatio,
            ["distributions"] = new JsonArray([.. perDistribution.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Key,
                ["trials"] = d.Value.Trials,
                ["maxErrorRatio"] = d.Value.Ratio,
                ["maxCandidateError"] = d.Value.Candidate,
                ["maxReferenceError"] = d.Value.Reference,
            })]),
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
    }

    /// <summary>Small shapes for most trials: each symbol cycles through the probes inside its range.</summary>
    long[] ProbeSizes(int trial) => [.. problem.Domain.Symbols.Select((s, k) =>
    {
        var probes = Probes.Where(p => p >= s.Min && p <= s.Max).ToArray();
        return probes.Length == 0 ? s.Min : probes[(trial + 3 * k) % probes.Length];
    })];

    Tensor Run(Tensor[] arguments, string where)
    {
        if (candidate.TryRun(arguments) is { } output) return output;
        throw candidate.DisabledReason is { } reason
            ? new VerificationFailure("exceptions", $"{where}: {reason}")
            : new VerificationFailure("shape-domain", $"{where}: the dispatcher declined the call");
    }

    /// <summary>Runs the module's reference (KernelGen off), whatever its dispatcher has baked.</summary>
    public static Tensor Eager(Func<Tensor> forward)
    {
        var was = KernelGenEnvironment.Disabled;
        KernelGenEnvironment.Disabled = true;
        try
        {
            return forward();
        }
        finally
        {
            KernelGenEnvironment.Disabled = was;
        }
    }

    /// <summary>
    /// Bit-for-bit equality (NaN payloads and signed zeros included), compared on the host in chunks of 256 Mi
    /// elements, because a span over one tensor's bytes is limited to 2 GiB and the KernelBench v0.1 outputs are larger.
    /// </summary>
    public static bool BitwiseEqual(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        const long chunk = 1L << 28;
        using var flatA = a.reshape(-1);
        using var flatB = b.reshape(-1);
        for (long start = 0; start < flatA.numel(); start += chunk)
        {
            var length = Math.Min(chunk, flatA.numel() - start);
            using var x = flatA.narrow(0, start, length).cpu();
            using var y = flatB.narrow(0, start, length).cpu();
            if (!x.bytes.SequenceEqual(y.bytes)) return false;
        }
        return true;
    }
}

/// <summary>A failed check of the protocol, named as in docs/verification.md.</summary>
sealed class VerificationFailure(string check, string message) : Exception(message)
{
    public string Check { get; } = check;
}
