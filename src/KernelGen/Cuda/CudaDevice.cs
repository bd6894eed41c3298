using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Cuda;

/// <summary>
/// One GPU as KernelGen uses it: its primary context (shared with LibTorch, retained once for the process and
/// never reset or destroyed), its architecture and sizes. The current context is per OS thread and .NET moves
/// work between threads, so every launch makes it current again.
/// </summary>
internal sealed class CudaDevice
{
    static readonly ConcurrentDictionary<int, Lazy<CudaDevice>> devices = new();

    CudaDevice(CudaDriver driver, int ordinal)
    {
        Driver = driver;
        Ordinal = ordinal;
        var device = driver.DeviceGet(ordinal);
        Context = driver.RetainPrimaryContext(device);
        ComputeCapability = 10 * driver.DeviceAttribute(device, CudaDriver.AttributeComputeCapabilityMajor) + driver.DeviceAttribute(device, CudaDriver.AttributeComputeCapabilityMinor);
        Multiprocessors = driver.DeviceAttribute(device, CudaDriver.AttributeMultiprocessorCount);
        L2CacheBytes = driver.DeviceAttribute(device, CudaDriver.AttributeL2CacheSize);
        TorchDevice = new Device(DeviceType.CUDA, ordinal);
    }

    public CudaDriver Driver { get; }

    public int Ordinal { get; }

    /// <summary>The primary context handle.</summary>
    public IntPtr Context { get; }

    /// <summary>10 × major + minor, e.g. 90 for Hopper.</summary>
    public int ComputeCapability { get; }

    public int Multiprocessors { get; }

    public int L2CacheBytes { get; }

    /// <summary>TorchSharp's device object for outputs, made once so a launch allocates none.</summary>
    public Device TorchDevice { get; }

    /// <summary>The device of <paramref name="ordinal"/>, or null when the driver is missing or the device cannot be opened.</summary>
    public static CudaDevice? Get(int ordinal, out string? failure)
    {
        if (CudaDriver.Shared is not { } driver)
        {
            failure = CudaDriver.LoadFailure;
            return null;
        }
        try
        {
            failure = null;
            return devices.GetOrAdd(ordinal, static (o, d) => new Lazy<CudaDevice>(() => new CudaDevice(d, o)), driver).Value;
        }
        catch (CudaException e)
        {
            failure = $"CUDA device {ordinal} could not be opened: {e.Message}";
            return null;
        }
    }

    /// <summary>Makes the primary context current on the calling thread.</summary>
    public void MakeCurrent() => Driver.SetCurrent(Context);
}
