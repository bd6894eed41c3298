using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Pipeline;

/// <summary>
/// One answer of one conversation and what became of it: the variant id it was evaluated as and the evaluation, or why
/// there was nothing to evaluate.
/// </summary>
/// <param name="Model">The configured model name.</param>
/// <param name="Conversation">The conversation's index among the model's conversations about the module.</param>
/// <param name="Turn">From 1.</param>
public sealed record GenerationAttempt(string Model, int Conversation, int Turn, string? VariantId, string Outcome, CandidateEvaluation? Evaluation)
{
    /// <summary>The model id the provider reported for the answer, if it did.</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>Verified (every check passed).</summary>
    public bool Verified => Evaluation?.Result.Verdict == Verification.Verdict.Accepted && Evaluation.EntryPoint is not null;

    /// <summary>The measured speedup over the reference (cold, median ratio), or 0 when none was measured.</summary>
    public double Speedup => Evaluation?.Result.Benchmark?.Speedup ?? 0;
}

/// <summary>A module's generation: every attempt, the variant committed (the fastest verified one), and why it stopped.</summary>
/// <param name="StopReason">Why no further answers were asked for: the candidate budget, a run budget, or the target speedup.</param>
/// <param name="ProviderFailures">Models that failed for good (unreachable after retries, refused), one line each.</param>
public sealed record ModuleGenerationResult(
    string Module,
    IReadOnlyList<GenerationAttempt> Attempts,
    GenerationAttempt? Winner,
    KernelVariantEntry? Committed,
    string StopReason,
    IReadOnlyList<string> ProviderFailures);

/// <summary>What the worker is doing with one model's answer while it is evaluated.</summary>
/// <param name="Conversation">The conversation's index within the model's lane.</param>
/// <param name="Turn">1-based.</param>
public sealed record CandidateProgress(string Model, int Conversation, int Turn, string VariantId, Workers.Progress.EvaluationProgress Progress);
