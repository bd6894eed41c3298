namespace KernelGen.Engine.Benchmarking;

/// <summary>How long the harness warms up and how many samples it takes (docs/benchmarking.md explains each number).</summary>
/// <param name="Samples">Timed samples per side, at least <see cref="MinimumSamples"/>.</param>
/// <param name="StabilityWindow">Warm-up compares the median of the last this-many runs with the window before it.</param>
/// <param name="StableChange">Warm-up ends when both sides' window medians change by less than this fraction.</param>
/// <param name="MinimumWarmup">Warm-up lasts at least this long, so the JIT's tiering has promoted the hot loops.</param>
/// <param name="MaximumWarmupPairs">Warm-up gives up (and says so in the result) after this many pairs.</param>
/// <param name="MaximumWarmup">... or after this long.</param>
public sealed record HarnessSettings(
    int Samples = HarnessSettings.MinimumSamples,
    int StabilityWindow = 5,
    double StableChange = 0.05,
    TimeSpan? MinimumWarmup = null,
    int MaximumWarmupPairs = 60,
    TimeSpan? MaximumWarmup = null)
{
    /// <summary>The protocol's floor: fewer samples make the bootstrap interval of a median unreliable.</summary>
    public const int MinimumSamples = 30;

    /// <summary>A median below this is mostly call overhead and timer noise; such a result is flagged and never selected.</summary>
    public static readonly TimeSpan MinimumMeasurable = TimeSpan.FromMicroseconds(50);

    public TimeSpan MinimumWarmupTime => MinimumWarmup ?? TimeSpan.FromMilliseconds(500);

    public TimeSpan MaximumWarmupTime => MaximumWarmup ?? TimeSpan.FromSeconds(20);

    public void Validate()
    {
        if (Samples < MinimumSamples) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, $"the protocol takes at least {MinimumSamples} samples");
        if (StabilityWindow < 2) throw new ArgumentOutOfRangeException(nameof(StabilityWindow), StabilityWindow, "a window needs at least 2 runs");
    }
}
