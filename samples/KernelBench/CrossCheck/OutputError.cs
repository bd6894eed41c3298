using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.CrossCheck;

/// <summary>
/// The verifier's normalised error (docs/verification.md): max over elements finite in both of
/// |x − o| / (|o| + mean|o|), computed in float64; NaN and ±inf positions must agree or the error is infinite.
/// </summary>
public static class OutputError
{
    /// <summary>The error of <paramref name="actual"/> against <paramref name="oracle"/> (same shape).</summary>
    public static double Of(Tensor actual, Tensor oracle)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64);
        var o = oracle.to(ScalarType.Float64);
        if (!a.isnan().eq(o.isnan()).all().item<bool>() || !a.isposinf().eq(o.isposinf()).all().item<bool>() || !a.isneginf().eq(o.isneginf()).all().item<bool>())
            return double.PositiveInfinity;
        var finite = a.isfinite().logical_and(o.isfinite());
        if (!finite.any().item<bool>()) return 0;
        var af = a.masked_select(finite);
        var of = o.masked_select(finite);
        var scale = of.abs().mean();
        if (scale.ToDouble() == 0) return (af - of).abs().max().ToDouble();  // an all-zero oracle: absolute error
        return ((af - of).abs() / (of.abs() + scale)).max().ToDouble();
    }
}
