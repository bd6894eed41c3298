using System.Runtime.InteropServices;
using System.Text;

namespace KernelGen.Cuda;

/// <summary>
/// NVRTC, bound at run time: compiles a kernel's CUDA C++ to a CUBIN for one GPU architecture. NVRTC 13 is used only
/// with a CUDA 13 driver (a CUBIN from a newer NVRTC than the driver does not load); otherwise NVRTC 12.
/// <c>KERNELGEN_NVRTC_PATH</c> names a library to use instead.
/// </summary>
internal sealed unsafe class Nvrtc
{
    static readonly Lock loadLock = new();
    static Nvrtc? shared;
    static string? loadFailure;
    static bool loaded;

    readonly delegate* unmanaged<IntPtr*, byte*, byte*, int, byte**, byte**, int> createProgram;
    readonly delegate* unmanaged<IntPtr, int, byte**, int> compileProgram;
    readonly delegate* unmanaged<IntPtr, nuint*, int> getProgramLogSize;
    readonly delegate* unmanaged<IntPtr, byte*, int> getProgramLog;
    readonly delegate* unmanaged<IntPtr, nuint*, int> getCubinSize;
    readonly delegate* unmanaged<IntPtr, byte*, int> getCubin;
    readonly delegate* unmanaged<IntPtr*, int> destroyProgram;
    readonly delegate* unmanaged<int, byte*> getErrorString;

    Nvrtc(IntPtr library, string path)
    {
        createProgram = (delegate* unmanaged<IntPtr*, byte*, byte*, int, byte**, byte**, int>)Export(library, "nvrtcCreateProgram");
        compileProgram = (delegate* unmanaged<IntPtr, int, byte**, int>)Export(library, "nvrtcCompileProgram");
        getProgramLogSize = (delegate* unmanaged<IntPtr, nuint*, int>)Export(library, "nvrtcGetProgramLogSize");
        getProgramLog = (delegate* unmanaged<IntPtr, byte*, int>)Export(library, "nvrtcGetProgramLog");
        getCubinSize = (delegate* unmanaged<IntPtr, nuint*, int>)Export(library, "nvrtcGetCUBINSize");
        getCubin = (delegate* unmanaged<IntPtr, byte*, int>)Export(library, "nvrtcGetCUBIN");
        destroyProgram = (delegate* unmanaged<IntPtr*, int>)Export(library, "nvrtcDestroyProgram");
        getErrorString = (delegate* unmanaged<int, byte*>)Export(library, "nvrtcGetErrorString");
        var major = 0;
        var minor = 0;
        var version = (delegate* unmanaged<int*, int*, int>)Export(library, "nvrtcVersion");
        version(&major, &minor);
        Description = $"NVRTC {major}.{minor} ({path})";
    }

    /// <summary>Which NVRTC was loaded, for logs and benchmark records.</summary>
    public string Description { get; }

    /// <summary>The library names tried, in order, for a driver of <paramref name="driverVersion"/>.</summary>
    internal static IReadOnlyList<string> Candidates(int driverVersion, string? overridePath)
    {
        if (!string.IsNullOrWhiteSpace(overridePath)) return [overridePath];
        var candidates = new List<string>();
        if (driverVersion >= 13000)
            candidates.AddRange(["libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda-13.0/targets/x86_64-linux/lib/libnvrtc.so.13"]);
        candidates.AddRange(["libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so.12", "/usr/local/cuda-12/targets/x86_64-linux/lib/libnvrtc.so.12"]);
        return candidates;
    }

    /// <summary>NVRTC for a driver of <paramref name="driverVersion"/>, or null with <paramref name="failure"/> saying what was tried.</summary>
    public static Nvrtc? Get(int driverVersion, out string? failure)
    {
        lock (loadLock)
        {
            if (!loaded)
            {
                loaded = true;
                shared = Load(Candidates(driverVersion, Environment.GetEnvironmentVariable("KERNELGEN_NVRTC_PATH")));
            }
            failure = loadFailure;
            return shared;
        }
    }

    static Nvrtc? Load(IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var library)) continue;
            try
            {
                return new Nvrtc(library, candidate);
            }
            catch (EntryPointNotFoundException e)
            {
                loadFailure = $"{candidate}: {e.Message}";
                return null;
            }
        }
        loadFailure = $"NVRTC could not be loaded (tried {string.Join(", ", candidates)}); install the CUDA toolkit's NVRTC or set KERNELGEN_NVRTC_PATH";
        return null;
    }

    static IntPtr Export(IntPtr library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address) ? address : throw new EntryPointNotFoundException($"NVRTC has no export '{name}'");

    /// <summary>
    /// Compiles <paramref name="source"/> for <c>sm_{<paramref name="computeCapability"/>}</c> and returns the CUBIN;
    /// throws <see cref="CudaException"/> with NVRTC's log when compilation fails.
    /// </summary>
    public byte[] CompileToCubin(ReadOnlySpan<byte> source, string programName, int computeCapability)
    {
        var options = CompileOptions(computeCapability).Select(o => Encoding.ASCII.GetBytes(o + "\0")).ToArray();
        var nameBytes = Encoding.ASCII.GetBytes(programName + "\0");
        var sourceBytes = new byte[source.Length + 1];
        source.CopyTo(sourceBytes);
        var handles = new GCHandle[options.Length];
        var optionPointers = stackalloc byte*[options.Length];
        IntPtr program;
        try
        {
            for (var i = 0; i < options.Length; i++)
            {
                handles[i] = GCHandle.Alloc(options[i], GCHandleType.Pinned);
                optionPointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            }
            fixed (byte* text = sourceBytes)
            fixed (byte* name = nameBytes)
                Check(createProgram(&program, text, name, 0, null, null), "nvrtcCreateProgram");
            try
            {
                var result = compileProgram(program, options.Length, optionPointers);
                if (result != 0)
                    throw new CudaException(result, $"NVRTC could not compile '{programName}' ({ErrorString(result)}):\n{Log(program).Trim()}");
                nuint size;
                Check(getCubinSize(program, &size), "nvrtcGetCUBINSize");
                var cubin = new byte[(int)size];
                fixed (byte* data = cubin) Check(getCubin(program, data), "nvrtcGetCUBIN");
                return cubin;
            }
            finally
            {
                destroyProgram(&program);
            }
        }
        finally
        {
            foreach (var handle in handles)
                if (handle.IsAllocated) handle.Free();
        }
    }

    /// <summary>
    /// The fixed options of docs/cuda.md: a kernel file cannot add any. No fast-math: it replaces division, square
    /// roots and transcendentals with approximations a float32 module has not opted into.
    /// </summary>
    internal static string[] CompileOptions(int computeCapability) =>
        [$"--gpu-architecture=sm_{computeCapability}", "--std=c++17", "--fmad=true"];

    string Log(IntPtr program)
    {
        nuint size;
        if (getProgramLogSize(program, &size) != 0 || size <= 1) return "(no compiler log)";
        var log = new byte[(int)size];
        fixed (byte* data = log) getProgramLog(program, data);
        return Encoding.UTF8.GetString(log, 0, (int)size - 1);
    }

    void Check(int result, string call)
    {
        if (result != 0) throw new CudaException(result, $"{call} failed: {ErrorString(result)}");
    }

    string ErrorString(int result) => Marshal.PtrToStringUTF8((IntPtr)getErrorString(result)) ?? $"NVRTC error {result}";
}
