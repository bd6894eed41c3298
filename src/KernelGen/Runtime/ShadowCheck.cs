using System.Globalization;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// Compares a kernel's result with the reference's at run time (docs/runtime.md, "Shadow checks").
/// </summary>
/// <remarks>
/// Verification (docs/verification.md) bounds the normalised error <c>e = |x − o| / (|o| + mean|o|)</c> against a
/// float64 oracle <c>o</c>: <c>e_kernel ≤ 4·e_reference + floor</c>, floor = 4 ULP of the output dtype at 1.0. At run
/// time only the float32 reference <c>r</c> exists, so by the triangle inequality a correct kernel is within about
/// <c>5·e_reference + floor</c> of it; <c>e_reference</c> is unknown here and grows with reduction length outside the
/// verified sizes, so the bound is a generous <see cref="FloorMultiple"/> × floor (float32: ≈ 1.2e-4), far below what
/// the wrong kernels verification catches produce (≈ 0.5 for an all-zero output, ≈ 1 for a dropped weight).
/// NaN and infinity patterns must match the reference exactly, and integer or boolean outputs must be equal.
/// </remarks>
static class ShadowCheck
{
    /// <summary>The run-time bound as a multiple of verification's floor.</summary>
    public const double FloorMultiple = 256;

    /// <summary>Whether this call is one of the sampled ones (thread-safe, allocation-free).</summary>
    public static bool Sample(double rate) => rate > 0 && (rate >= 1 || Random.Shared.NextDouble() < rate);

    /// <summary>Null when <paramref name="kernel"/> agrees with <paramref name="reference"/>, else why not.</summary>
    public static string? Disagreement(Tensor kernel, Tensor reference)
    {
        using var scope = NewDisposeScope();
        if (!kernel.shape.SequenceEqual(reference.shape))
            return $"shape [{string.Join(", ", kernel.shape)}] but the reference's is [{string.Join(", ", reference.shape)}]";
        if (kernel.dtype != reference.dtype)
            return $"dtype {kernel.dtype} but the reference's is {reference.dtype}";
        if (Floor(reference.dtype) is not { } floor)
            return Same(kernel, reference) ? null : "integer or boolean elements differ from the reference's";

        var k = kernel.to(ScalarType.Float64);
        var r = reference.to(ScalarType.Float64);
        if (!Same(k.isnan(), r.isnan()) || !Same(k.isposinf(), r.isposinf()) || !Same(k.isneginf(), r.isneginf()))
            return "its NaN/infinity pattern differs from the reference's";
        var finite = r.isfinite();
        if (!finite.any().item<bool>()) return null;
        var kf = k.masked_select(finite);
        var rf = r.masked_select(finite);
        var scale = rf.abs().mean();
        var error = ((kf - rf).abs() / (rf.abs() + scale)).max().item<double>();
        var bound = FloorMultiple * floor;
        return error <= bound
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"max normalised error {error:G3} against the reference exceeds the shadow bound {bound:G3}");
    }

    static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    // 4 ULP at 1.0 of the output dtype, as in verification; null for dtypes compared exactly.
    static double? Floor(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => 4 * Math.Pow(2, -23),
        ScalarType.Float64 => 4 * Math.Pow(2, -52),
        ScalarType.Float16 => 4 * Math.Pow(2, -10),
        ScalarType.BFloat16 => 4 * Math.Pow(2, -7),
        _ => null,
    };
}
