using System.Text;
using KernelGen.Cpu;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Metal;

/// <summary>The source of a baked Metal kernel: generated code returns a <c>u8</c> literal, so it stays in the assembly's data.</summary>
public delegate ReadOnlySpan<byte> MetalKernelSource();

/// <summary>
/// A verified Metal kernel baked into the assembly as MSL source (and, when it was built on a Mac, as a precompiled
/// metallib), for tensors on PyTorch's MPS device. On the first call it is checked against the Metal kernel ABI and
/// made into a compute pipeline, once per process (no
/// macOS, no GPU, or a compile error trips the breaker: the reference runs and the cause is logged once). Each call
/// allocates the output through LibTorch, waits for PyTorch's MPS stream, then encodes one dispatch on KernelGen's
/// queue and waits for it, so PyTorch's later work sees the output (docs/metal.md).
/// </summary>
public sealed class MetalKernelVariant : KernelVariant
{
    readonly MetalKernelSource source;
    readonly MetalKernelSource? library;
    readonly string entryPoint;
    readonly string[] argumentDtypes;
    readonly string outputDtype;
    readonly MetalPlatform platform;
    readonly Lazy<LoadedKernel?> loaded;

    /// <param name="id">The variant's id in the lock file.</param>
    /// <param name="argumentTypes">The verified dtype of each argument (inputs, then module state).</param>
    /// <param name="outputType">The dtype of the output the dispatcher allocates.</param>
    /// <param name="domain">The verified shapes.</param>
    /// <param name="entryPoint">The <c>kernel void</c> function to dispatch.</param>
    /// <param name="source">The kernel file's UTF-8 text.</param>
    public MetalKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, string entryPoint, MetalKernelSource source)
        : this(id, argumentTypes, outputType, domain, entryPoint, source, null, MetalPlatform.System)
    {
    }

    /// <summary>A variant with a metallib precompiled from <paramref name="source"/> on a Mac, tried before compiling the source.</summary>
    /// <param name="id">The variant's id in the lock file.</param>
    /// <param name="argumentTypes">The verified dtype of each argument (inputs, then module state).</param>
    /// <param name="outputType">The dtype of the output the dispatcher allocates.</param>
    /// <param name="domain">The verified shapes.</param>
    /// <param name="entryPoint">The <c>kernel void</c> function to dispatch.</param>
    /// <param name="source">The kernel file's UTF-8 text.</param>
    /// <param name="library">The metallib's bytes.</param>
    public MetalKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, string entryPoint, MetalKernelSource source, MetalKernelSource library)
        : this(id, argumentTypes, outputType, domain, entryPoint, source, library, MetalPlatform.System)
    {
    }

    internal MetalKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, string entryPoint, MetalKernelSource source,
        MetalKernelSource? library, MetalPlatform platform)
        : base(id, argumentTypes, outputType, domain)
    {
        this.entryPoint = entryPoint;
        this.source = source;
        this.library = library;
        this.platform = platform;
        argumentDtypes = Array.ConvertAll(argumentTypes, LockDtypes.Name);
        outputDtype = LockDtypes.Name(outputType);
        loaded = new Lazy<LoadedKernel?>(Load);
    }

    /// <summary>Always "metal" for this type.</summary>
    public override string Backend => "metal";

    private protected override DeviceType Device => DeviceType.MPS;

    internal override Tensor? Run(ReadOnlySpan<Tensor> arguments, ReadOnlySpan<TensorShape> shapes, ReadOnlySpan<long> symbols)
    {
        if (loaded.Value is not { } kernel) return null;
        var bound = symbols[..Domain.Symbols.Count];
        var threads = kernel.Launch.Threads(bound);
        if (threads < 0)
        {
            Trip(Threw, $"the grid for these shapes exceeds {MetalKernelAbi.MaxThreads} threads");
            return null;
        }

        Span<long> outputSizes = stackalloc long[TensorShape.MaxRank];
        outputSizes = outputSizes[..Domain.Output.Count];
        Domain.OutputShape(bound, outputSizes);
        var output = platform.Tensors.Empty(outputSizes, OutputType);

        Span<MetalBufferSlice> buffers = stackalloc MetalBufferSlice[arguments.Length];
        for (var i = 0; i < arguments.Length; i++) buffers[i] = platform.Tensors.BufferOf(arguments[i]);
        Span<MetalBinding> bindings = stackalloc MetalBinding[arguments.Length + 1 + bound.Length];
        MetalArguments.Pack(buffers, platform.Tensors.BufferOf(output), bound, bindings);

        try
        {
            platform.Tensors.WaitForTorch();
            kernel.Device.Dispatch(kernel.Pipeline, bindings, MTLSize.Linear(threads), MTLSize.Linear(kernel.ThreadgroupWidth));
            return output;
        }
        catch (MetalException e)
        {
            output.Dispose();
            Trip(Threw, e.Message);
            return null;
        }
    }

    /// <summary>The compiled kernel, or null after tripping the breaker with why it cannot load; runs once per variant.</summary>
    LoadedKernel? Load()
    {
        var text = source();
        var launch = MetalKernelAbi.Parse(Encoding.UTF8.GetString(text), entryPoint, argumentDtypes, outputDtype, SymbolNames(), out var abiError, out _);
        if (launch is null) return Fail($"the kernel breaks the Metal kernel ABI: {abiError}");
        if (platform.OpenDevice(out var failure) is not { } device) return Fail(failure ?? "no Metal device");
        MetalPipeline pipeline;
        try
        {
            pipeline = MetalPipelineCache.Get(device, text, library is null ? default : library(), entryPoint);
        }
        catch (MetalException e)
        {
            return Fail(e.Message);
        }
        var width = MetalThreadgroups.Width(launch.Threadgroup, pipeline, out var sizing);
        return width < 0 ? Fail(sizing!) : new LoadedKernel(device, pipeline, launch, width);
    }

    LoadedKernel? Fail(string reason)
    {
        Trip(FailedToLoad, reason);
        return null;
    }

    string[] SymbolNames()
    {
        var names = new string[Domain.Symbols.Count];
        for (var i = 0; i < names.Length; i++) names[i] = Domain.Symbols[i].Name;
        return names;
    }


    sealed record LoadedKernel(IMetalDevice Device, MetalPipeline Pipeline, MetalLaunchSpec Launch, int ThreadgroupWidth);
}
