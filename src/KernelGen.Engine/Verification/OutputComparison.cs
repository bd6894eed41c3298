using KernelGen.Engine.Modules;
using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// Compares a candidate's output and the reference's own output with the float64 oracle. The error of one element is
/// |x - oracle| / (|oracle| + mean |oracle|): relative where values are large, absolute (scaled to the output's
/// typical size) where they are near zero, so cancellation near zero does not blow up the ratio.
/// </summary>
public static class OutputComparison
{
    /// <summary>Normalised max errors of candidate and reference, or the special-value mismatch that disqualifies the candidate.</summary>
    public static ErrorMeasurement Measure(Tensor candidate, Tensor reference, Tensor oracle)
    {
        using var scope = NewDisposeScope();
        var outputType = reference.dtype;
        var c = candidate.to(ScalarType.Float64);
        var r = reference.to(ScalarType.Float64);
        var o = oracle.to(ScalarType.Float64);

        if (!Dtypes.IsFloatingPoint(outputType))
        {
            var mismatches = c.ne(o).sum().item<long>();
            return new ErrorMeasurement(mismatches == 0 ? 0 : 1, 0,
                mismatches == 0 ? null : new ComparisonProblem("oracle-accuracy", $"{mismatches} elements differ from the reference (integer outputs must match exactly)"));
        }

        // Where the oracle overflows or is NaN in the output's dtype, the candidate must agree with it, or with
        // the reference's own special values (a kernel may reproduce the reference's float32 overflow).
        var rounded = oracle.to(outputType).to(ScalarType.Float64);
        if (!SpecialValuesMatch(c, rounded) && !SpecialValuesMatch(c, r))
        {
            var differing = SpecialMask(c).ne(SpecialMask(rounded)).sum().item<long>();
            return new ErrorMeasurement(double.PositiveInfinity, 0, new ComparisonProblem("nan-inf-mask", $"NaN/infinity pattern differs from the oracle at {differing} elements"));
        }

        var oracleFinite = o.isfinite();
        var finiteCount = Math.Max(1, oracleFinite.sum().item<long>());
        var scale = o.abs().masked_fill(oracleFinite.logical_not(), 0).sum().item<double>() / finiteCount;
        var denominator = o.abs().add(scale + double.Epsilon);
        return new ErrorMeasurement(MaxError(c, o, denominator, oracleFinite), MaxError(r, o, denominator, oracleFinite), null);
    }

    static double MaxError(Tensor x, Tensor oracle, Tensor denominator, Tensor oracleFinite)
    {
        var both = x.isfinite().logical_and(oracleFinite);
        if (!both.any().item<bool>()) return 0;
        return x.sub(oracle).abs().div(denominator).masked_fill(both.logical_not(), 0).max().item<double>();
    }

    static bool SpecialValuesMatch(Tensor a, Tensor b) => !SpecialMask(a).ne(SpecialMask(b)).any().item<bool>();

    /// <summary>0 finite, 1 NaN, 2 +inf, 3 -inf.</summary>
    static Tensor SpecialMask(Tensor x) =>
        x.isnan().to(ScalarType.Int8)
            .add(x.eq(double.PositiveInfinity).to(ScalarType.Int8).mul(2))
            .add(x.eq(double.NegativeInfinity).to(ScalarType.Int8).mul(3));
}

/// <summary>The candidate's and the reference's max normalised error against the oracle, or why the candidate fails outright.</summary>
public sealed record ErrorMeasurement(double CandidateError, double ReferenceError, ComparisonProblem? Problem);

/// <summary>A failure no tolerance can excuse, and the check it belongs to (an integer mismatch is an accuracy failure).</summary>
public sealed record ComparisonProblem(string Check, string Reason);
