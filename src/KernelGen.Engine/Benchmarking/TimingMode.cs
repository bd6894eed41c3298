using System.Text.Json.Serialization;

namespace KernelGen.Engine.Benchmarking;

/// <summary>Whether the caches are flushed before every sample (cold) or left as the previous calls left them (warm).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimingMode>))]
public enum TimingMode
{
    [JsonStringEnumMemberName("cold")]
    Cold,

    [JsonStringEnumMemberName("warm")]
    Warm,
}
