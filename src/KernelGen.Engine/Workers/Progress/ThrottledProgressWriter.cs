using System.Diagnostics;

namespace KernelGen.Engine.Workers.Progress;

/// <summary>
/// The worker's end of the progress channel. Writes an event when its phase differs from the last one written, and
/// otherwise at most once per <c>interval</c>, so a fast trial loop costs a clock read per trial, not a write. Progress
/// is best effort: once the channel fails (the client went away), reporting stops and the evaluation carries on.
/// </summary>
public sealed class ThrottledProgressWriter(Stream channel, TimeSpan interval) : IProgress<EvaluationProgress>, IDisposable
{
    /// <summary>The default interval: ten updates a second is as fast as anyone reads.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    readonly Lock gate = new();
    string? lastPhase;
    long lastWrite;
    bool broken;

    /// <inheritdoc/>
    public void Report(EvaluationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (broken) return;
            var now = Stopwatch.GetTimestamp();
            if (value.Phase == lastPhase && Stopwatch.GetElapsedTime(lastWrite, now) < interval) return;
            try
            {
                channel.Write(ProgressLine.Format(value));
                channel.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                broken = true;
                return;
            }
            lastPhase = value.Phase;
            lastWrite = now;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => channel.Dispose();
}
