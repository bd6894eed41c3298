namespace KernelGen.Cuda;

/// <summary>
/// A pair of CUDA events recorded on the legacy default stream around a region, for GPU time that includes
/// LibTorch's work in the region as well as KernelGen's launches (both run on that stream).
/// </summary>
internal sealed class CudaEventTimer : IDisposable
{
    readonly CudaDevice device;
    readonly IntPtr start;
    readonly IntPtr end;

    public CudaEventTimer(CudaDevice device)
    {
        this.device = device;
        device.MakeCurrent();
        start = device.Driver.CreateEvent();
        end = device.Driver.CreateEvent();
    }

    public void Start()
    {
        device.MakeCurrent();
        device.Driver.RecordEvent(start);
    }

    public void Stop()
    {
        device.MakeCurrent();
        device.Driver.RecordEvent(end);
    }

    /// <summary>Waits for the end event and returns the GPU time between the two, in milliseconds.</summary>
    public double ElapsedMilliseconds()
    {
        device.Driver.SynchronizeEvent(end);
        return device.Driver.ElapsedMilliseconds(start, end);
    }

    public void Dispose()
    {
        device.MakeCurrent();
        device.Driver.DestroyEvent(start);
        device.Driver.DestroyEvent(end);
    }
}
