using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace KernelGen.Tests;

/// <summary>Listens to the KernelGen meter and keeps every measurement with its tags.</summary>
sealed class MetricCollector : IDisposable
{
    readonly MeterListener listener = new();
    readonly ConcurrentQueue<Measurement> measurements = new();

    public MetricCollector()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "KernelGen") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    /// <summary>The measurements of <paramref name="instrument"/> for <paramref name="module"/>.</summary>
    public IReadOnlyList<Measurement> Of(string instrument, string module) =>
        [.. measurements.Where(m => m.Instrument == instrument && m.Tags["module"] == module)];

    /// <summary>Sum of <paramref name="instrument"/> for <paramref name="module"/> where tag <paramref name="key"/> is <paramref name="value"/>.</summary>
    public double Sum(string instrument, string module, string key, string value) =>
        Of(instrument, module).Where(m => m.Tags.GetValueOrDefault(key) == value).Sum(m => m.Value);

    public void Dispose() => listener.Dispose();

    void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
    {
        var tagMap = new Dictionary<string, string?>();
        foreach (var tag in tags) tagMap[tag.Key] = tag.Value?.ToString();
        measurements.Enqueue(new Measurement(instrument.Name, Convert.ToDouble(value), tagMap));
    }
}
