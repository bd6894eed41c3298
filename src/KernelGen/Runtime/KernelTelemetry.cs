using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KernelGen.Runtime;

/// <summary>
/// The <c>KernelGen</c> meter (System.Diagnostics.Metrics, so OpenTelemetry's <c>AddMeter("KernelGen")</c> sees it).
/// Every instrument is checked for a listener first, so an app that does not listen pays one field read per call.
/// </summary>
static class KernelTelemetry
{
    public const string MeterName = "KernelGen";
    public const string ReferenceTag = "reference";

    static readonly Meter Meter = new(MeterName);

    /// <summary>Calls per module and per variant (a variant id, or <c>reference</c>).</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("kernelgen.calls", "{call}", "Annotated-module calls by the variant that ran them.");

    /// <summary>Calls that ran the reference, per module and reason.</summary>
    public static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("kernelgen.fallbacks", "{call}", "Calls that ran the reference, by reason.");

    /// <summary>Circuit-breaker trips, per module, variant and cause.</summary>
    public static readonly Counter<long> BreakerTrips = Meter.CreateCounter<long>("kernelgen.breaker.trips", "{trip}", "Variants disabled for the process, by cause.");

    /// <summary>Shadow checks, per module, variant and outcome (<c>agree</c> or <c>disagree</c>).</summary>
    public static readonly Counter<long> ShadowChecks = Meter.CreateCounter<long>("kernelgen.shadow.checks", "{check}", "Kernel results compared with the reference.");

    /// <summary>Kernel time per variant (output allocation and the kernel), measured only while a listener is enabled.</summary>
    public static readonly Histogram<double> KernelDuration = Meter.CreateHistogram<double>("kernelgen.kernel.duration", "s", "Time in a kernel call, output allocation included.");

    public static void CountCall(string module, string variant)
    {
        if (Calls.Enabled) Calls.Add(1, new("module", module), new("variant", variant));
    }

    public static void CountFallback(string module, FallbackReason reason)
    {
        if (Calls.Enabled) Calls.Add(1, new("module", module), new("variant", ReferenceTag));
        if (Fallbacks.Enabled) Fallbacks.Add(1, new("module", module), new("reason", reason.Tag()));
    }

    public static void CountTrip(string module, string variant, string cause)
    {
        if (BreakerTrips.Enabled) BreakerTrips.Add(1, new("module", module), new("variant", variant), new("cause", cause));
    }

    public static void CountShadowCheck(string module, string variant, bool agree)
    {
        if (ShadowChecks.Enabled) ShadowChecks.Add(1, new("module", module), new("variant", variant), new("outcome", agree ? "agree" : "disagree"));
    }

    /// <summary>A start timestamp, or 0 when nobody listens to <see cref="KernelDuration"/> (then nothing is timed).</summary>
    public static long StartKernelTimer() => KernelDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void RecordKernelTime(long start, string module, string variant)
    {
        if (start != 0) KernelDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new("module", module), new("variant", variant));
    }
}
