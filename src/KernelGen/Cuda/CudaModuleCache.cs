using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KernelGen.Cuda;

/// <summary>
/// Compiled kernels, once per process per source text and GPU architecture: variants sharing a file, and devices
/// sharing an architecture, share one NVRTC compilation. A failed compilation is remembered too, so it is not
/// retried on every call.
/// </summary>
internal static class CudaModuleCache
{
    static readonly ConcurrentDictionary<(string SourceHash, int Architecture), Lazy<byte[]>> cubins = new();

    /// <summary>The CUBIN of <paramref name="source"/> for <paramref name="device"/>'s architecture.</summary>
    public static byte[] Cubin(ReadOnlySpan<byte> source, string programName, CudaDevice device)
    {
        var key = (Convert.ToHexString(SHA256.HashData(source)), device.ComputeCapability);
        var text = source.ToArray();
        var entry = cubins.GetOrAdd(key, static (k, state) => new Lazy<byte[]>(() => Compile(state.Text, state.Name, k.Architecture, state.Driver)),
            (Text: text, Name: programName, Driver: device.Driver.Version));
        return entry.Value;
    }

    static byte[] Compile(byte[] source, string programName, int architecture, int driverVersion)
    {
        var nvrtc = Nvrtc.Get(driverVersion, out var failure) ?? throw new CudaUnavailableException(failure!);
        return nvrtc.CompileToCubin(source, programName, architecture);
    }
}
