using System.Diagnostics;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// Times a reference and a candidate in pairs, alternating which goes first, so that the shared machine's drift and
/// each side's effect on the caches hit both alike. Per sample: flush the caches (cold mode), prepare, clock the call,
/// then — after the clock — checksum the output twice with the other side's sample in between; a checksum that
/// changed or is NaN means the call returned before its output was written, and the measurement is refused.
/// </summary>
/// <param name="progress">Told after every warm-up pair and every sample, outside the timed calls.</param>
public sealed class InterleavedHarness(HarnessSettings settings, CacheFlusher? flusher = null, IProgress<EvaluationProgress>? progress = null)
{
    /// <summary>Allocated on the first cold measurement only: the machine's flusher holds several times the LLC.</summary>
    readonly Lazy<CacheFlusher> coldFlusher = new(() => flusher ?? CacheFlusher.ForThisMachine());

    /// <summary>The resolution of <see cref="Stopwatch"/> in milliseconds.</summary>
    public static double TimerResolutionMs => 1000.0 / Stopwatch.Frequency;

    public HarnessMeasurement Measure(TimedSubject reference, TimedSubject candidate, TimingMode mode)
    {
        settings.Validate();
        var cacheFlusher = mode == TimingMode.Cold ? coldFlusher.Value : null;
        var (warmupPairs, stable) = WarmUp(reference, candidate, cacheFlusher, mode);

        var referenceMs = new double[settings.Samples];
        var candidateMs = new double[settings.Samples];
        for (var i = 0; i < settings.Samples; i++)
        {
            (referenceMs[i], candidateMs[i]) = Pair(reference, candidate, cacheFlusher, referenceFirst: i % 2 == 0);
            progress?.Report(new SampleProgress(mode, i + 1, settings.Samples));
        }
        return new HarnessMeasurement(mode, warmupPairs, stable, cacheFlusher?.Bytes ?? 0, referenceMs, candidateMs);
    }

    /// <summary>
    /// Runs pairs until the median of each side's last window differs from the window before by less than the allowed
    /// change (and a minimum time has passed, for the JIT's tiering), bounded by a count and a time.
    /// </summary>
    (int Pairs, bool Stable) WarmUp(TimedSubject reference, TimedSubject candidate, CacheFlusher? cacheFlusher, TimingMode mode)
    {
        var referenceMs = new List<double>();
        var candidateMs = new List<double>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (r, c) = Pair(reference, candidate, cacheFlusher, referenceFirst: referenceMs.Count % 2 == 0);
            referenceMs.Add(r);
            candidateMs.Add(c);
            progress?.Report(new WarmupProgress(mode, referenceMs.Count));
            var stable = Settled(referenceMs) && Settled(candidateMs);
            if (stable && clock.Elapsed >= settings.MinimumWarmupTime) return (referenceMs.Count, true);
            if (referenceMs.Count >= settings.MaximumWarmupPairs || clock.Elapsed >= settings.MaximumWarmupTime) return (referenceMs.Count, false);
        }
    }

    bool Settled(List<double> times)
    {
        var window = settings.StabilityWindow;
        if (times.Count < 2 * window) return false;
        var last = SampleStatistics.Median(times[^window..]);
        var before = SampleStatistics.Median(times[^(2 * window)..^window]);
        return Math.Abs(last - before) <= settings.StableChange * before;
    }

    static (double ReferenceMs, double CandidateMs) Pair(TimedSubject reference, TimedSubject candidate, CacheFlusher? cacheFlusher, bool referenceFirst)
    {
        var (first, second) = referenceFirst ? (reference, candidate) : (candidate, reference);
        var (firstMs, firstChecksum) = Sample(first, cacheFlusher);
        double secondMs;
        try
        {
            (secondMs, var secondChecksum) = Sample(second, cacheFlusher);
            try
            {
                // The first side's output is checked again after a whole other sample (flush included in cold mode).
                EnsureSettled(second, secondChecksum);
            }
            finally
            {
                second.Release();
            }
            EnsureSettled(first, firstChecksum);
        }
        finally
        {
            first.Release();
        }
        return referenceFirst ? (firstMs, secondMs) : (secondMs, firstMs);
    }

    static (double Ms, double Checksum) Sample(TimedSubject subject, CacheFlusher? cacheFlusher)
    {
        cacheFlusher?.Flush();
        subject.Prepare();
        var start = Stopwatch.GetTimestamp();
        subject.Call();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var checksum = subject.OutputChecksum();
        if (double.IsNaN(checksum)) throw new OutputNotReadyException(subject.Name, "its output held NaN (the harness's poison) right after the call");
        return (elapsed.TotalMilliseconds, checksum);
    }

    static void EnsureSettled(TimedSubject subject, double checksumAfterCall)
    {
        var later = subject.OutputChecksum();
        if (BitConverter.DoubleToInt64Bits(later) != BitConverter.DoubleToInt64Bits(checksumAfterCall))
            throw new OutputNotReadyException(subject.Name, $"its output changed after the call returned (checksum {checksumAfterCall:R}, later {later:R})");
    }
}
