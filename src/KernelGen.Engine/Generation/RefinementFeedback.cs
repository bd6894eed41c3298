namespace KernelGen.Engine.Generation;

/// <summary>What went wrong with (or how fast was) the previous answer; the subject of a refinement prompt.</summary>
public abstract record RefinementFeedback
{
    private protected RefinementFeedback()
    {
    }
}

/// <summary>The answer had no usable code block (see <see cref="CodeBlockExtractor"/>).</summary>
/// <param name="Problem">What was wrong with the answer.</param>
public sealed record AnswerFormatFeedback(string Problem) : RefinementFeedback;

/// <summary>The kernel did not compile, or broke the kernel ABI's rules.</summary>
/// <param name="Errors">The diagnostics, one per entry, with their line numbers.</param>
public sealed record CompilerErrorsFeedback(IReadOnlyList<string> Errors) : RefinementFeedback;

/// <summary>A verification check failed.</summary>
/// <param name="Check">The check's name, such as <c>oracle</c>, <c>poisoned-output</c> or <c>determinism</c>.</param>
/// <param name="Summary">What failed, in one sentence.</param>
/// <param name="Evidence">The numbers behind it: shape, distribution, seed, max error, allowed error, …</param>
public sealed record VerificationFailureFeedback(string Check, string Summary, IReadOnlyList<VerificationEvidence> Evidence)
    : RefinementFeedback;

/// <summary>One named number (or value) behind a verification verdict.</summary>
/// <param name="Name">What it measures.</param>
/// <param name="Value">Its value, formatted.</param>
public sealed record VerificationEvidence(string Name, string Value);

/// <summary>The kernel is verified; here is how fast it ran.</summary>
/// <param name="KernelMedian">The kernel's median time at the sample shapes.</param>
/// <param name="ReferenceMedian">The reference's median time at the same shapes.</param>
public sealed record BenchmarkFeedback(TimeSpan KernelMedian, TimeSpan ReferenceMedian) : RefinementFeedback;
