using KernelGen.Engine.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// Watches the oracle's outputs across trials for signs that the problem itself is too easy to pass: outputs that
/// are constant, outputs far smaller than the inputs (any absolute tolerance, like KernelBench's 1e-2, would accept
/// zeros), and outputs that do not change when the inputs do. These do not reject a candidate (the relative error
/// metric does not depend on the output's scale); they are recorded in the evidence so that the problem's sample
/// inputs get fixed.
/// </summary>
sealed class DegenerateOutputDetector : IDisposable
{
    /// <summary>Max − min at most this fraction of the largest magnitude: the output is a constant.</summary>
    const double ConstantSpread = 1e-6;

    /// <summary>Mean |output| below this fraction of mean |input| under randn inputs at the sample shape: the output is tiny.</summary>
    const double TinyRatio = 1e-2;

    int trials;
    int constantTrials;
    int randnTrials;
    int tinyTrials;
    Tensor? previousFullShapeOutput;
    int fullShapeTrials;
    int unchangedFullShapeTrials;

    /// <param name="fullShape">Whether the trial ran at the sample shape (those trials share a shape, so their outputs are comparable).</param>
    public void Observe(Trial trial, bool fullShape, Tensor[] inputs, Tensor oracle)
    {
        if (!Dtypes.IsFloatingPoint(oracle.dtype) || oracle.numel() < 2) return;
        using var scope = NewDisposeScope();
        var finite = oracle.masked_select(oracle.isfinite());
        if (finite.numel() < 2) return;

        trials++;
        var max = finite.max().ToDouble();
        var min = finite.min().ToDouble();
        if (max - min <= ConstantSpread * Math.Max(Math.Abs(max), Math.Abs(min))) constantTrials++;

        // Judged at the sample shape, the size other harnesses test at: a softmax over 8192 elements is tiny there, and
        // not at the small perturbed widths.
        if (fullShape && trial.Distribution == InputDistribution.All[0] && MeanMagnitude(inputs) is > 0 and var inputScale)
        {
            randnTrials++;
            if (finite.abs().mean().ToDouble() < TinyRatio * inputScale) tinyTrials++;
        }

        if (!fullShape) return;
        fullShapeTrials++;
        if (previousFullShapeOutput is { } previous && previous.shape.SequenceEqual(oracle.shape) && previous.eq(oracle).all().item<bool>())
            unchangedFullShapeTrials++;
        previousFullShapeOutput?.Dispose();
        previousFullShapeOutput = oracle.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Human-readable findings, empty when the outputs look informative.</summary>
    public IReadOnlyList<string> Findings()
    {
        var findings = new List<string>();
        if (trials > 0 && constantTrials * 2 > trials)
            findings.Add($"near-constant output in {constantTrials} of {trials} trials: a kernel writing one value would pass");
        if (randnTrials > 0 && tinyTrials * 2 > randnTrials)
            findings.Add($"output magnitude below {TinyRatio:G} × the inputs' in {tinyTrials} of {randnTrials} randn trials at the sample shape: an absolute tolerance would accept all zeros");
        if (fullShapeTrials > 1 && unchangedFullShapeTrials == fullShapeTrials - 1)
            findings.Add($"the output did not change across {fullShapeTrials} sample-shape trials with different inputs: it is insensitive to them");
        return findings;
    }

    /// <summary>Frees the copy of the last sample-shape output, which lives outside every trial's dispose scope.</summary>
    public void Dispose() => previousFullShapeOutput?.Dispose();

    static double MeanMagnitude(Tensor[] inputs)
    {
        var floating = inputs.Where(i => Dtypes.IsFloatingPoint(i.dtype) && i.numel() > 0).ToArray();
        return floating.Length == 0 ? 0 : floating.Average(i => i.abs().mean().ToDouble());
    }
}
