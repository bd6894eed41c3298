using System.Runtime.InteropServices;

namespace KernelGen.Cuda;

/// <summary>
/// The few CUDA driver API calls KernelGen needs, bound at run time from <c>libcuda.so.1</c> (no third-party binding,
/// and no load failure at startup on machines without a driver). CUDA 13 headers map some names to versioned
/// exports; each such call looks the versioned name up first and falls back to the plain one.
/// </summary>
internal sealed unsafe class CudaDriver
{
    /// <summary>CU_DEVICE_ATTRIBUTE_* values used here (cuda.h).</summary>
    public const int AttributeMultiprocessorCount = 16;
    public const int AttributeL2CacheSize = 38;
    public const int AttributeComputeCapabilityMajor = 75;
    public const int AttributeComputeCapabilityMinor = 76;

    static readonly string[] LibraryNames = OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"];
    static readonly Lazy<CudaDriver?> shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    static string? loadFailure;

    readonly delegate* unmanaged<uint, int> init;
    readonly delegate* unmanaged<int*, int> driverGetVersion;
    readonly delegate* unmanaged<int*, int, int> deviceGet;
    readonly delegate* unmanaged<int*, int, int, int> deviceGetAttribute;
    readonly delegate* unmanaged<IntPtr*, int, int> primaryCtxRetain;
    readonly delegate* unmanaged<IntPtr, int> ctxSetCurrent;
    readonly delegate* unmanaged<int> ctxSynchronize;
    readonly delegate* unmanaged<IntPtr*, void*, int> moduleLoadData;
    readonly delegate* unmanaged<IntPtr*, IntPtr, byte*, int> moduleGetFunction;
    readonly delegate* unmanaged<IntPtr, uint, uint, uint, uint, uint, uint, uint, IntPtr, void**, void**, int> launchKernel;
    readonly delegate* unmanaged<IntPtr*, uint, int> eventCreate;
    readonly delegate* unmanaged<IntPtr, IntPtr, int> eventRecord;
    readonly delegate* unmanaged<IntPtr, int> eventSynchronize;
    readonly delegate* unmanaged<float*, IntPtr, IntPtr, int> eventElapsedTime;
    readonly delegate* unmanaged<IntPtr, int> eventDestroy;
    readonly delegate* unmanaged<int, byte**, int> getErrorName;
    readonly delegate* unmanaged<int, byte**, int> getErrorString;

    CudaDriver(IntPtr library)
    {
        init = (delegate* unmanaged<uint, int>)Export(library, "cuInit");
        driverGetVersion = (delegate* unmanaged<int*, int>)Export(library, "cuDriverGetVersion");
        deviceGet = (delegate* unmanaged<int*, int, int>)Export(library, "cuDeviceGet");
        deviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)Export(library, "cuDeviceGetAttribute");
        primaryCtxRetain = (delegate* unmanaged<IntPtr*, int, int>)Export(library, "cuDevicePrimaryCtxRetain");
        ctxSetCurrent = (delegate* unmanaged<IntPtr, int>)Export(library, "cuCtxSetCurrent");
        ctxSynchronize = (delegate* unmanaged<int>)Export(library, "cuCtxSynchronize");
        moduleLoadData = (delegate* unmanaged<IntPtr*, void*, int>)Export(library, "cuModuleLoadData");
        moduleGetFunction = (delegate* unmanaged<IntPtr*, IntPtr, byte*, int>)Export(library, "cuModuleGetFunction");
        // Plain cuLaunchKernel (not _ptsz): stream 0 then means the legacy default stream LibTorch uses.
        launchKernel = (delegate* unmanaged<IntPtr, uint, uint, uint, uint, uint, uint, uint, IntPtr, void**, void**, int>)Export(library, "cuLaunchKernel");
        eventCreate = (delegate* unmanaged<IntPtr*, uint, int>)Export(library, "cuEventCreate");
        eventRecord = (delegate* unmanaged<IntPtr, IntPtr, int>)Export(library, "cuEventRecord");
        eventSynchronize = (delegate* unmanaged<IntPtr, int>)Export(library, "cuEventSynchronize");
        eventElapsedTime = (delegate* unmanaged<float*, IntPtr, IntPtr, int>)Export(library, "cuEventElapsedTime_v2", "cuEventElapsedTime");
        eventDestroy = (delegate* unmanaged<IntPtr, int>)Export(library, "cuEventDestroy_v2", "cuEventDestroy");
        getErrorName = (delegate* unmanaged<int, byte**, int>)Export(library, "cuGetErrorName");
        getErrorString = (delegate* unmanaged<int, byte**, int>)Export(library, "cuGetErrorString");
    }

    /// <summary>The process's driver binding after a successful <c>cuInit</c>, or null (see <see cref="LoadFailure"/>).</summary>
    public static CudaDriver? Shared => shared.Value;

    /// <summary>Why <see cref="Shared"/> is null: the library is missing, an export is missing, or <c>cuInit</c> failed.</summary>
    public static string? LoadFailure
    {
        get
        {
            _ = shared.Value;
            return loadFailure;
        }
    }

    /// <summary>The driver's CUDA version, e.g. 13000 for CUDA 13.0.</summary>
    public int Version { get; private set; }

    static CudaDriver? Load()
    {
        IntPtr library = IntPtr.Zero;
        foreach (var name in LibraryNames)
            if (NativeLibrary.TryLoad(name, out library)) break;
        if (library == IntPtr.Zero)
        {
            loadFailure = $"the CUDA driver library ({string.Join(" or ", LibraryNames)}) could not be loaded: no NVIDIA driver on this machine";
            return null;
        }
        try
        {
            var driver = new CudaDriver(library);
            driver.Check(driver.init(0), "cuInit");
            int version;
            driver.Check(driver.driverGetVersion(&version), "cuDriverGetVersion");
            driver.Version = version;
            return driver;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or CudaException)
        {
            loadFailure = $"the CUDA driver could not be initialised: {e.Message}";
            return null;
        }
    }

    static IntPtr Export(IntPtr library, string name, string? fallback = null)
    {
        if (NativeLibrary.TryGetExport(library, name, out var address)) return address;
        if (fallback is not null && NativeLibrary.TryGetExport(library, fallback, out address)) return address;
        throw new EntryPointNotFoundException($"the CUDA driver library has no export '{name}'");
    }

    public int DeviceAttribute(int device, int attribute)
    {
        int value;
        Check(deviceGetAttribute(&value, attribute, device), "cuDeviceGetAttribute");
        return value;
    }

    public int DeviceGet(int ordinal)
    {
        int device;
        Check(deviceGet(&device, ordinal), "cuDeviceGet");
        return device;
    }

    /// <summary>The device's primary context: the one LibTorch's runtime API uses, so tensor pointers are valid in it.</summary>
    public IntPtr RetainPrimaryContext(int device)
    {
        IntPtr context;
        Check(primaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        return context;
    }

    public void SetCurrent(IntPtr context) => Check(ctxSetCurrent(context), "cuCtxSetCurrent");

    public void Synchronize() => Check(ctxSynchronize(), "cuCtxSynchronize");

    public IntPtr LoadModule(ReadOnlySpan<byte> image)
    {
        IntPtr module;
        fixed (byte* data = image) Check(moduleLoadData(&module, data), "cuModuleLoadData");
        return module;
    }

    public IntPtr GetFunction(IntPtr module, string name)
    {
        IntPtr function;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* text = bytes) Check(moduleGetFunction(&function, module, text), $"cuModuleGetFunction({name})");
        return function;
    }

    /// <summary>Launches on the legacy default stream (0); returns the driver's result code (0 = success).</summary>
    public int Launch(IntPtr function, uint gridX, uint blockX, uint sharedBytes, void** parameters) =>
        launchKernel(function, gridX, 1, 1, blockX, 1, 1, sharedBytes, IntPtr.Zero, parameters, null);

    public IntPtr CreateEvent()
    {
        IntPtr handle;
        Check(eventCreate(&handle, 0), "cuEventCreate");
        return handle;
    }

    /// <summary>Records on the legacy default stream, so the event orders with LibTorch's work and KernelGen's launches.</summary>
    public void RecordEvent(IntPtr handle) => Check(eventRecord(handle, IntPtr.Zero), "cuEventRecord");

    public void SynchronizeEvent(IntPtr handle) => Check(eventSynchronize(handle), "cuEventSynchronize");

    public float ElapsedMilliseconds(IntPtr start, IntPtr end)
    {
        float milliseconds;
        Check(eventElapsedTime(&milliseconds, start, end), "cuEventElapsedTime");
        return milliseconds;
    }

    public void DestroyEvent(IntPtr handle) => eventDestroy(handle);

    /// <summary>Throws <see cref="CudaException"/> with the driver's own name and description of a non-zero result.</summary>
    public void Check(int result, string call)
    {
        if (result != 0) throw new CudaException(result, $"{call} failed: {Describe(result)}");
    }

    public string Describe(int result)
    {
        byte* name = null, text = null;
        getErrorName(result, &name);
        getErrorString(result, &text);
        return $"{(name is null ? "CUDA_ERROR" : Marshal.PtrToStringUTF8((IntPtr)name))} ({result}): {(text is null ? "unknown error" : Marshal.PtrToStringUTF8((IntPtr)text))}";
    }
}

/// <summary>A CUDA driver or NVRTC call failed; the message names the call and the error.</summary>
internal sealed class CudaException(int code, string message) : Exception(message)
{
    /// <summary>The driver's or NVRTC's result code.</summary>
    public int Code { get; } = code;
}
