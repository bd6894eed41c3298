using System.Collections.Concurrent;
using KernelGen.Metal;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>
/// A Metal device for Linux tests. It never compiles MSL; when <see cref="Execute"/> is set, a dispatch runs that
/// C# stand-in over the bound memory, reading each buffer binding as a CPU address plus its byte offset, so a test
/// sees whether the variant bound the right tensors at the right indices and offsets.
/// </summary>
sealed class FakeMetalDevice : IMetalDevice
{
    int pipelinesCreated;
    int librariesLoaded;

    public string Name => "fake Metal GPU";

    /// <summary>The limits the fake pipeline reports.</summary>
    public int MaxTotalThreadsPerThreadgroup { get; init; } = 1024;

    public int ThreadExecutionWidth { get; init; } = 32;

    /// <summary>Thrown by <see cref="CreatePipeline"/> when set: a compiler error.</summary>
    public string? CompileError { get; init; }

    /// <summary>Thrown by <see cref="CreatePipelineFromLibrary"/> when set: Metal rejecting a metallib.</summary>
    public string? LibraryError { get; init; }

    /// <summary>The bytes of the last metallib offered.</summary>
    public byte[]? LastLibrary { get; private set; }

    public int LibrariesLoaded => Volatile.Read(ref librariesLoaded);

    /// <summary>Thrown by <see cref="Dispatch"/> when set: a command buffer error.</summary>
    public string? DispatchError { get; init; }

    /// <summary>Runs in place of the kernel: the bindings, the grid width and the threadgroup width.</summary>
    public Action<MetalBinding[], long, long>? Execute { get; init; }

    /// <summary>Events in order ("wait-for-torch", "dispatch"), shared with <see cref="FakeMpsTensors"/>.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public List<(MetalBinding[] Bindings, MTLSize Threads, MTLSize Threadgroup)> Dispatches { get; } = [];

    public int PipelinesCreated => Volatile.Read(ref pipelinesCreated);

    public MetalPipeline CreatePipeline(ReadOnlySpan<byte> source, string entryPoint)
    {
        Interlocked.Increment(ref pipelinesCreated);
        // Wide enough that concurrent first calls overlap here if the cache let them in twice.
        Thread.Sleep(50);
        if (CompileError is not null) throw new MetalException(CompileError);
        return new MetalPipeline(0x5150, MaxTotalThreadsPerThreadgroup, ThreadExecutionWidth);
    }

    public MetalPipeline CreatePipelineFromLibrary(ReadOnlySpan<byte> library, string entryPoint)
    {
        Interlocked.Increment(ref librariesLoaded);
        LastLibrary = library.ToArray();
        if (LibraryError is not null) throw new MetalException(LibraryError);
        return new MetalPipeline(0x11B, MaxTotalThreadsPerThreadgroup, ThreadExecutionWidth);
    }

    public void Dispatch(MetalPipeline pipeline, ReadOnlySpan<MetalBinding> bindings, MTLSize threads, MTLSize threadsPerThreadgroup)
    {
        Events.Enqueue("dispatch");
        if (DispatchError is not null) throw new MetalException(DispatchError);
        var copy = bindings.ToArray();
        lock (Dispatches) Dispatches.Add((copy, threads, threadsPerThreadgroup));
        Execute?.Invoke(copy, (long)threads.Width, (long)threadsPerThreadgroup.Width);
    }
}

/// <summary>MPS tensor access over CPU tensors: the real storage/offset binding, CPU outputs, and a recorded wait.</summary>
sealed class FakeMpsTensors(FakeMetalDevice device) : IMpsTensors
{
    public List<Tensor> Outputs { get; } = [];

    public MetalBufferSlice BufferOf(Tensor tensor) => MpsTensors.Slice(tensor);

    public Tensor Empty(ReadOnlySpan<long> sizes, ScalarType dtype)
    {
        var output = empty(sizes, dtype);
        lock (Outputs) Outputs.Add(output);
        return output;
    }

    public void WaitForTorch() => device.Events.Enqueue("wait-for-torch");
}
