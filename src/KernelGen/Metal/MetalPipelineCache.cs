using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KernelGen.Metal;

/// <summary>
/// Compute pipelines, once per process per device, source text and entry point: variants sharing a file share one
/// compilation, and concurrent first calls wait for the same one. A failed compilation is remembered too (the
/// <see cref="Lazy{T}"/> keeps its exception), so it is not retried on every call.
/// </summary>
internal static class MetalPipelineCache
{
    static readonly ConcurrentDictionary<(IMetalDevice Device, string SourceHash, string EntryPoint), Lazy<MetalPipeline>> pipelines = new();

    /// <summary>The pipeline of <paramref name="entryPoint"/> in <paramref name="source"/> on <paramref name="device"/>; throws <see cref="MetalException"/> when it does not compile.</summary>
    public static MetalPipeline Get(IMetalDevice device, ReadOnlySpan<byte> source, string entryPoint)
    {
        var key = (device, Convert.ToHexString(SHA256.HashData(source)), entryPoint);
        var text = source.ToArray();
        return pipelines.GetOrAdd(key, static (k, bytes) => new Lazy<MetalPipeline>(() => k.Device.CreatePipeline(bytes, k.EntryPoint)), text).Value;
    }
}
