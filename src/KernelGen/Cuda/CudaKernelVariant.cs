using System.Collections.Concurrent;
using System.Text;
using KernelGen.Cpu;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Cuda;

/// <summary>The source of a baked CUDA kernel: generated code returns a <c>u8</c> literal, so it stays in the assembly's data.</summary>
public delegate ReadOnlySpan<byte> CudaKernelSource();

/// <summary>
/// A verified CUDA kernel baked into the assembly as CUDA C++ source. On the first call on a device it is compiled
/// with NVRTC for that device's architecture and loaded into LibTorch's primary context, once per process (a
/// missing driver or NVRTC, or a compile error, trips the breaker: the reference runs and the cause is logged once).
/// Each call allocates the output through LibTorch and launches on the legacy default stream, which orders the
/// kernel after LibTorch's earlier work on the inputs and before its later work on the output (docs/cuda.md).
/// </summary>
public sealed class CudaKernelVariant : KernelVariant
{
    readonly CudaKernelSource source;
    readonly string entryPoint;
    readonly string[] argumentDtypes;
    readonly string outputDtype;
    readonly ConcurrentDictionary<int, Lazy<LoadedKernel>> loaded = new();

    /// <param name="id">The variant's id in the lock file.</param>
    /// <param name="argumentTypes">The verified dtype of each argument (inputs, then module state).</param>
    /// <param name="outputType">The dtype of the output the dispatcher allocates.</param>
    /// <param name="domain">The verified shapes.</param>
    /// <param name="entryPoint">The <c>extern "C" __global__</c> function to launch.</param>
    /// <param name="source">The kernel file's UTF-8 text.</param>
    public CudaKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, string entryPoint, CudaKernelSource source)
        : base(id, argumentTypes, outputType, domain)
    {
        this.entryPoint = entryPoint;
        this.source = source;
        this.argumentDtypes = Array.ConvertAll(argumentTypes, LockDtypes.Name);
        outputDtype = LockDtypes.Name(outputType);
    }

    /// <summary>
    /// Verification only: fills each freshly allocated output before the launch (a poison), so elements the kernel
    /// leaves unwritten show up. Null in apps.
    /// </summary>
    internal Action<Tensor>? PrepareOutput { get; set; }

    /// <summary>Always "cuda" for this type.</summary>
    public override string Backend => "cuda";

    private protected override DeviceType Device => DeviceType.CUDA;

    /// <summary>The ABI promises kernels 16-byte aligned pointers (docs/kernel-abi.md): LibTorch's allocations are, views may not be.</summary>
    private protected override bool RequiresAlignedArguments => true;

    internal override unsafe Tensor? Run(ReadOnlySpan<Tensor> arguments, ReadOnlySpan<TensorShape> shapes, ReadOnlySpan<long> symbols)
    {
        var ordinal = arguments[0].device_index;
        if (Load(ordinal) is not { } kernel) return null;

        var grid = kernel.Launch.Grid(symbols[..Domain.Symbols.Count]);
        if (grid < 0)
        {
            Trip(Threw, $"the grid for shapes {Describe(shapes)} exceeds CUDA's limit");
            return null;
        }

        Span<long> outputSizes = stackalloc long[TensorShape.MaxRank];
        outputSizes = outputSizes[..Domain.Output.Count];
        Domain.OutputShape(symbols[..Domain.Symbols.Count], outputSizes);
        var output = empty(outputSizes, OutputType, kernel.Device.TorchDevice);
        PrepareOutput?.Invoke(output);

        var count = arguments.Length + 1 + Domain.Symbols.Count;
        Span<IntPtr> pointers = stackalloc IntPtr[arguments.Length];
        for (var i = 0; i < arguments.Length; i++) pointers[i] = TensorMemory.DataPointer(arguments[i]);
        var values = stackalloc long[count];
        var parameters = stackalloc void*[count];
        CudaLaunchParameters.Pack(pointers, TensorMemory.DataPointer(output), symbols[..Domain.Symbols.Count], values, parameters);

        try
        {
            kernel.Device.MakeCurrent();
            var result = kernel.Device.Driver.Launch(kernel.Function, (uint)grid, (uint)kernel.Launch.Block, (uint)kernel.Launch.SharedBytes, parameters);
            if (result == 0) return output;
            output.Dispose();
            Trip(Threw, $"cuLaunchKernel failed: {kernel.Device.Driver.Describe(result)}");
            return null;
        }
        catch (CudaException e)
        {
            output.Dispose();
            Trip(Threw, e.Message);
            return null;
        }
    }

    /// <summary>The compiled kernel on device <paramref name="ordinal"/>, or null after tripping the breaker with why it cannot load.</summary>
    LoadedKernel? Load(int ordinal)
    {
        try
        {
            return loaded.GetOrAdd(ordinal, static (o, variant) => new Lazy<LoadedKernel>(() => variant.Compile(o)), this).Value;
        }
        catch (CudaUnavailableException e)
        {
            Trip(FailedToLoad, e.Message);
            return null;
        }
    }

    LoadedKernel Compile(int ordinal)
    {
        var text = source();
        var launch = CudaKernelAbi.Parse(Encoding.UTF8.GetString(text), entryPoint, argumentDtypes, outputDtype, SymbolNames(), out var abiError, out _)
            ?? throw new CudaUnavailableException($"the kernel breaks the CUDA kernel ABI: {abiError}");
        var device = CudaDevice.Get(ordinal, out var failure) ?? throw new CudaUnavailableException(failure!);
        try
        {
            var image = CudaModuleCache.Cubin(text, $"{ModuleName}.{Id}.cu", device);
            device.MakeCurrent();
            var module = device.Driver.LoadModule(image);
            return new LoadedKernel(device, device.Driver.GetFunction(module, entryPoint), launch);
        }
        catch (CudaException e)
        {
            throw new CudaUnavailableException(e.Message);
        }
    }

    string[] SymbolNames()
    {
        var names = new string[Domain.Symbols.Count];
        for (var i = 0; i < names.Length; i++) names[i] = Domain.Symbols[i].Name;
        return names;
    }

    static string Describe(ReadOnlySpan<TensorShape> shapes)
    {
        var parts = new List<string>();
        foreach (var shape in shapes)
        {
            var dims = new long[shape.Rank];
            for (var d = 0; d < dims.Length; d++) dims[d] = shape[d];
            parts.Add($"[{string.Join(",", dims)}]");
        }
        return string.Join(" ", parts);
    }


    sealed record LoadedKernel(CudaDevice Device, IntPtr Function, CudaLaunchSpec Launch);
}

/// <summary>The CUDA backend cannot run a kernel here (no driver, no NVRTC, a compile or load error); the message says why.</summary>
internal sealed class CudaUnavailableException(string message) : Exception(message);
