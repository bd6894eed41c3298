using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// The accuracy rule: candidate error &lt;= <see cref="Factor"/> × reference error + <see cref="Floor"/>, both measured
/// against the float64 oracle (docs/verification.md explains the numbers).
/// </summary>
public static class VerificationTolerance
{
    /// <summary>A kernel may be this many times less accurate than the reference: reordered sums and FMA are fine, lost precision is not.</summary>
    public const double Factor = 4.0;

    /// <summary>Floor in units of the output dtype's machine epsilon: covers the last-bit differences when the reference is exact.</summary>
    public const double FloorUlps = 4.0;

    /// <summary>The floor for an output dtype, in normalised-error units.</summary>
    public static double Floor(ScalarType outputType) => FloorUlps * outputType switch
    {
        ScalarType.Float64 => Math.Pow(2, -52),
        ScalarType.Float16 => Math.Pow(2, -10),
        ScalarType.BFloat16 => Math.Pow(2, -7),
        _ => Math.Pow(2, -23),
    };

    /// <summary>How much of its error budget the candidate used (accepted when &lt;= 1).</summary>
    public static double Ratio(ErrorMeasurement error, double floor) => error.CandidateError / (Factor * error.ReferenceError + floor);
}
