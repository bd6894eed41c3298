using System.Globalization;
using System.Text.Json.Serialization;
using KernelGen.Engine.Benchmarking;

namespace KernelGen.Engine.Workers.Progress;

/// <summary>
/// What a worker is doing now, while it verifies or benchmarks a candidate: one line of the progress channel
/// (docs/cli.md, "The worker's progress channel"). The JSON property <c>event</c> names the kind.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(PhaseProgress), "phase")]
[JsonDerivedType(typeof(TrialProgress), "trial")]
[JsonDerivedType(typeof(WarmupProgress), "warmup")]
[JsonDerivedType(typeof(SampleProgress), "sample")]
public abstract record EvaluationProgress
{
    /// <summary>
    /// The phase this event belongs to, in words ("verifying 100 trials", "timing 30 samples (cold)"); events of one
    /// phase share it, so a display that shows phases only prints a line when it changes.
    /// </summary>
    [JsonIgnore]
    public abstract string Phase { get; }

    /// <summary>This event in words, e.g. <c>trial 37/100 randn [64,4096]</c> or <c>sample 23/30 cold</c>.</summary>
    [JsonIgnore]
    public abstract string Description { get; }
}

/// <summary>A step without finer progress of its own: <see cref="Loading"/> or <see cref="ProbingPeak"/>.</summary>
/// <param name="Name">One of the constants below; other names are shown as they are.</param>
public sealed record PhaseProgress(string Name) : EvaluationProgress
{
    /// <summary>Loading the user's module and the compiled candidate.</summary>
    public const string Loading = "loading";

    /// <summary>Measuring the machine's peak bandwidth and FMA throughput (once per machine, then cached).</summary>
    public const string ProbingPeak = "probing the machine's peak";

    /// <inheritdoc/>
    public override string Phase => Name;

    /// <inheritdoc/>
    public override string Description => Name;
}

/// <summary>A verification trial is starting.</summary>
/// <param name="Trial">1-based.</param>
/// <param name="Trials">How many trials the verification runs.</param>
/// <param name="Distribution">The input distribution (<c>randn</c>, <c>uniform</c>, ...).</param>
/// <param name="Shapes">The shape of every input of this trial.</param>
public sealed record TrialProgress(int Trial, int Trials, string Distribution, IReadOnlyList<IReadOnlyList<long>> Shapes) : EvaluationProgress
{
    /// <inheritdoc/>
    public override string Phase => $"verifying {Trials} trials";

    /// <inheritdoc/>
    public override string Description =>
        $"trial {Trial}/{Trials} {Distribution} {string.Join(" ", Shapes.Select(s => $"[{string.Join(",", s)}]"))}";
}

/// <summary>A benchmark warm-up pair (reference and candidate) finished; warm-up runs until the times settle.</summary>
/// <param name="Pair">1-based.</param>
public sealed record WarmupProgress(TimingMode Mode, int Pair) : EvaluationProgress
{
    /// <inheritdoc/>
    public override string Phase => $"warming up ({ModeName(Mode)})";

    /// <inheritdoc/>
    public override string Description => string.Create(CultureInfo.InvariantCulture, $"warm-up {ModeName(Mode)}, pair {Pair}");

    internal static string ModeName(TimingMode mode) => mode == TimingMode.Cold ? "cold" : "warm";
}

/// <summary>A timed benchmark sample (one reference and one candidate call) finished.</summary>
/// <param name="Sample">1-based.</param>
/// <param name="Samples">How many samples the mode takes.</param>
public sealed record SampleProgress(TimingMode Mode, int Sample, int Samples) : EvaluationProgress
{
    /// <inheritdoc/>
    public override string Phase => $"timing {Samples} samples ({WarmupProgress.ModeName(Mode)})";

    /// <inheritdoc/>
    public override string Description => string.Create(CultureInfo.InvariantCulture, $"sample {Sample}/{Samples} {WarmupProgress.ModeName(Mode)}");
}
