using KernelGen.Engine.Verification;
using static TorchSharp.torch;

namespace KernelGen.Engine.Tests;

public sealed class DegenerateOutputDetectorTests
{
    static Trial Randn(int index) => new(index, InputDistribution.All[0], new Dictionary<string, long>(), CandidateFirst: false);

    static IReadOnlyList<string> Observe(Func<Tensor, Tensor> problem, int trials = 3)
    {
        using var detector = new DegenerateOutputDetector();
        for (var t = 0; t < trials; t++)
        {
            using var scope = NewDisposeScope();
            manual_seed(t);
            var input = randn(8, 16, dtype: ScalarType.Float64);
            detector.Observe(Randn(t), fullShape: true, [input], problem(input));
        }
        return detector.Findings();
    }

    [Fact]
    public void Informative_outputs_are_not_flagged() => Assert.Empty(Observe(x => x.mul(2)));

    [Fact]
    public void A_constant_output_is_flagged_as_constant_and_insensitive()
    {
        var findings = Observe(x => full([8, 16], 3.0, ScalarType.Float64));
        Assert.Contains(findings, f => f.StartsWith("near-constant output in 3 of 3 trials", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("insensitive", StringComparison.Ordinal));
    }

    [Fact]
    public void An_output_far_smaller_than_the_inputs_is_flagged_as_tiny() =>
        Assert.Contains(Observe(x => x.mul(1e-4)), f => f.Contains("absolute tolerance would accept all zeros", StringComparison.Ordinal));

    [Fact]
    public void An_output_that_ignores_its_input_is_flagged_as_insensitive() =>
        Assert.Contains(Observe(x => arange(128, dtype: ScalarType.Float64).reshape(8, 16)), f => f.Contains("insensitive", StringComparison.Ordinal));
}
