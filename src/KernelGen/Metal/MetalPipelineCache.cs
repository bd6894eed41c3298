using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KernelGen.Metal;

/// <summary>
/// Compute pipelines, once per process per device, source text and entry point: variants sharing a file share one
/// pipeline, and concurrent first calls wait for the same one. A failure is remembered too (the
/// <see cref="Lazy{T}"/> keeps its exception), so it is not retried on every call.
/// </summary>
internal static class MetalPipelineCache
{
    static readonly ConcurrentDictionary<(IMetalDevice Device, string SourceHash, string EntryPoint), Lazy<MetalPipeline>> pipelines = new();

    /// <summary>
    /// The pipeline of <paramref name="entryPoint"/> on <paramref name="device"/>: from <paramref name="library"/>,
    /// the metallib precompiled from the source, when there is one and Metal loads it (a library built for a newer
    /// OS may not load); otherwise compiled from <paramref name="source"/>. Throws <see cref="MetalException"/> when
    /// neither works.
    /// </summary>
    public static MetalPipeline Get(IMetalDevice device, ReadOnlySpan<byte> source, ReadOnlySpan<byte> library, string entryPoint)
    {
        // The library is built from the source (the generator bakes only one whose header names the source's hash).
        var key = (device, Convert.ToHexString(SHA256.HashData(source)), entryPoint);
        var inputs = (Source: source.ToArray(), Library: library.ToArray());
        return pipelines.GetOrAdd(key, static (k, i) => new Lazy<MetalPipeline>(() => Create(k.Device, i.Source, i.Library, k.EntryPoint)), inputs).Value;
    }

    static MetalPipeline Create(IMetalDevice device, byte[] source, byte[] library, string entryPoint)
    {
        string? libraryFailure = null;
        if (library.Length > 0)
        {
            try
            {
                return device.CreatePipelineFromLibrary(library, entryPoint);
            }
            catch (MetalException e)
            {
                libraryFailure = e.Message;
            }
        }
        try
        {
            return device.CreatePipeline(source, entryPoint);
        }
        catch (MetalException e) when (libraryFailure is not null)
        {
            throw new MetalException($"{e.Message} (the precompiled metallib did not load either: {libraryFailure})");
        }
    }
}
