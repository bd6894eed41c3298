using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.CrossCheck;

/// <summary>The comparison of one port with PyTorch (docs/kernelbench.md, "Cross-check against PyTorch").</summary>
public sealed record CrossCheckResult(
    string Key, string Name, bool Passed, string? Failure,
    long[]? Shape, double? Float64Error, double? Float32Error, double? TorchFloat32Error, double? Float32Allowed);

/// <summary>
/// Loads PyTorch's inputs and state into a port, runs its reference in float64 and float32, and judges it:
/// <list type="bullet">
/// <item>float64: the port's output against PyTorch's float64 output must be within <see cref="Float64Tolerance"/>
/// (both compute the same function in double precision; only summation order differs);</item>
/// <item>float32: the port's float32 output measured against PyTorch's float64 output must be within
/// <see cref="Float32Factor"/> × PyTorch's own float32 error + <see cref="Float32Floor"/>, the verifier's rule.</item>
/// </list>
/// </summary>
public static class CrossChecker
{
    /// <summary>Normalised float64 error allowed: ~10⁷ float64 ULPs, and orders of magnitude below any semantic difference (a wrong epsilon or GELU variant is ≥ 1e-6).</summary>
    public const double Float64Tolerance = 1e-9;

    /// <summary>The verifier's factor F (docs/verification.md).</summary>
    public const double Float32Factor = 4;

    /// <summary>The verifier's floor: 4 float32 ULPs at 1.0.</summary>
    public static readonly double Float32Floor = 4 * Math.Pow(2, -23);

    /// <summary>Checks <paramref name="problem"/> against the record PyTorch wrote into <paramref name="folder"/>.</summary>
    public static CrossCheckResult Check(Problem problem, ProblemRecord record, string folder)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        CrossCheckResult Fail(string why, long[]? shape = null) => new(problem.Key, problem.Info.Name, false, why, shape, null, null, null, null);

        var inputs = record.Inputs.Select(i => RawTensorFile.Read(folder, i)).ToArray();
        var sampleShapes = problem.SampleInputs(CPU).Select(t => t.shape).ToArray();
        if (sampleShapes.Length != inputs.Length || !sampleShapes.Zip(inputs).All(p => p.First.SequenceEqual(p.Second.shape)))
            return Fail($"input shapes differ: PyTorch {Shapes(inputs.Select(i => i.shape))}, port {Shapes(sampleShapes)} (reduced sizes out of step with crosscheck.py)");

        var state = record.State.ToDictionary(s => s.Name, s => RawTensorFile.Read(folder, s.Tensor));
        using var module32 = problem.Create();
        using var module64 = problem.Create();
        if (LoadState(module32, state) is { } mismatch) return Fail(mismatch);
        LoadState(module64, state);
        module64.to(ScalarType.Float64);

        var torch32 = RawTensorFile.Read(folder, record.OutputFloat32);
        var torch64 = RawTensorFile.Read(folder, record.OutputFloat64);
        var out32 = problem.RunReference(module32, inputs);
        var out64 = problem.RunReference(module64, [.. inputs.Select(i => i.to(ScalarType.Float64))]);
        if (out32.dtype != ScalarType.Float32) return Fail($"float32 output has dtype {out32.dtype}", out32.shape);
        if (!out32.shape.SequenceEqual(torch32.shape) || !out64.shape.SequenceEqual(torch64.shape))
            return Fail($"output shape {Shapes([out32.shape])}, PyTorch {Shapes([torch32.shape])}", out32.shape);

        var error64 = OutputError.Of(out64, torch64);
        var error32 = OutputError.Of(out32, torch64);
        var torchError32 = OutputError.Of(torch32, torch64);
        var allowed32 = Float32Factor * torchError32 + Float32Floor;
        var failure = error64 > Float64Tolerance ? $"float64 error {error64:G3} above {Float64Tolerance:G1}"
            : error32 > allowed32 ? $"float32 error {error32:G3} above {allowed32:G3} ({Float32Factor} × PyTorch's float32 error {torchError32:G3} + floor)"
            : null;
        return new(problem.Key, problem.Info.Name, failure is null, failure, out32.shape, error64, error32, torchError32, allowed32);
    }

    /// <summary>Copies PyTorch's state dict into <paramref name="module"/>; returns why not when names or shapes differ.</summary>
    static string? LoadState(nn.Module module, Dictionary<string, Tensor> state)
    {
        var own = module.state_dict();
        var missing = own.Keys.Except(state.Keys).ToList();
        var unexpected = state.Keys.Except(own.Keys).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            return $"state names differ: missing in PyTorch's [{string.Join(", ", missing)}], not in the port [{string.Join(", ", unexpected)}]";
        foreach (var (name, value) in state)
        {
            if (!own[name].shape.SequenceEqual(value.shape) || own[name].dtype != value.dtype)
                return $"state '{name}': port {own[name].dtype} {Shapes([own[name].shape])}, PyTorch {value.dtype} {Shapes([value.shape])}";
            own[name].copy_(value);
        }
        return null;
    }

    static string Shapes(IEnumerable<long[]> shapes) => string.Join(" ", shapes.Select(s => $"[{string.Join(", ", s)}]"));
}
