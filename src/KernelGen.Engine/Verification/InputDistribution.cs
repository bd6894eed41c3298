using KernelGen.Engine.Modules;
using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// A family of random tensors for trials. Each catches a different class of wrong kernels: zero-mean inputs hide
/// dropped offsets, unit magnitudes hide overflow and underflow, continuous values hide rounding-mode bugs, and
/// dense values hide kernels that skip zeros, and special values expose kernels that drop NaN propagation or clamp
/// infinities.
/// </summary>
public sealed record InputDistribution(string Name, Func<long[], ScalarType, Tensor> Sample)
{
    /// <summary>The distributions every verification cycles through, in trial order.</summary>
    public static readonly IReadOnlyList<InputDistribution> All =
    [
        new("randn", (shape, type) => randn(shape, type)),
        new("uniform[0,1)", (shape, type) => rand(shape, type)),
        new("large-magnitude randn*1e4", (shape, type) => randn(shape, type).mul_(1e4)),
        new("small-magnitude randn*1e-4", (shape, type) => randn(shape, type).mul_(1e-4)),
        new("offset 3+randn*0.5", (shape, type) => randn(shape, type).mul_(0.5).add_(3.0)),
        new("integer-valued round(randn*8)", (shape, type) => randn(shape, type).mul_(8.0).round_()),
        new("sparse randn*(u<0.1)", (shape, type) => randn(shape, type).mul_(rand(shape, type).lt(0.1).to(type))),
        new("special values randn with 2 % NaN, +inf, -inf and 4 % -0", (shape, type) => WithSpecialValues(randn(shape, type))),
    ];

    /// <summary>
    /// Replaces a few elements with NaN, +inf, -inf and -0. The rates are low so that most rows of a reduction stay
    /// finite (the accuracy check still sees them) while every tensor of a few dozen elements gets some of each.
    /// </summary>
    static Tensor WithSpecialValues(Tensor values)
    {
        var u = rand(values.shape);
        return values
            .masked_fill(u.lt(0.02), double.NaN)
            .masked_fill(u.ge(0.02).logical_and(u.lt(0.04)), double.PositiveInfinity)
            .masked_fill(u.ge(0.04).logical_and(u.lt(0.06)), double.NegativeInfinity)
            .masked_fill(u.ge(0.06).logical_and(u.lt(0.10)), -0.0);
    }

    /// <summary>A tensor of <paramref name="type"/>; non-floating types get small random integers (or booleans).</summary>
    public Tensor Create(long[] shape, ScalarType type)
    {
        if (Dtypes.IsFloatingPoint(type)) return Sample(shape, type);
        if (type == ScalarType.Bool) return rand(shape).lt(0.5);
        return randint(-8, 9, shape, type);
    }
}
