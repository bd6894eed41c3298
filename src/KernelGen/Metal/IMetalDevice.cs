namespace KernelGen.Metal;

/// <summary>
/// The Metal operations a kernel variant needs, behind an interface so that everything above them (the ABI,
/// argument binding, threadgroup sizing, the pipeline cache, the breaker) runs and is tested without a Mac.
/// <see cref="SystemMetalDevice"/> is the implementation over Metal.framework.
/// </summary>
internal interface IMetalDevice
{
    /// <summary>The GPU's name, for logs.</summary>
    string Name { get; }

    /// <summary>Compiles <paramref name="source"/> (UTF-8 MSL) and makes the compute pipeline of <paramref name="entryPoint"/>; throws <see cref="MetalException"/> with the compiler's message.</summary>
    MetalPipeline CreatePipeline(ReadOnlySpan<byte> source, string entryPoint);

    /// <summary>Loads a precompiled <c>metallib</c> and makes the compute pipeline of <paramref name="entryPoint"/>; throws <see cref="MetalException"/> when Metal rejects it.</summary>
    MetalPipeline CreatePipelineFromLibrary(ReadOnlySpan<byte> library, string entryPoint);

    /// <summary>
    /// Encodes one dispatch of <paramref name="pipeline"/> with <paramref name="bindings"/>, commits it and waits for
    /// it to complete; throws <see cref="MetalException"/> with the command buffer's error.
    /// </summary>
    void Dispatch(MetalPipeline pipeline, ReadOnlySpan<MetalBinding> bindings, MTLSize threads, MTLSize threadsPerThreadgroup);
}

/// <summary>A compute pipeline state (retained for the process) and the limits Metal reports for it.</summary>
/// <param name="Handle">The <c>id&lt;MTLComputePipelineState&gt;</c>.</param>
/// <param name="MaxTotalThreadsPerThreadgroup">The pipeline's threadgroup limit (it depends on the kernel's registers and threadgroup memory).</param>
/// <param name="ThreadExecutionWidth">The SIMD-group width (32 on Apple GPUs).</param>
internal sealed record MetalPipeline(IntPtr Handle, int MaxTotalThreadsPerThreadgroup, int ThreadExecutionWidth);

/// <summary>A Metal call failed; the message is Metal's own (NSError localizedDescription) with what was being done.</summary>
internal sealed class MetalException(string message) : Exception(message);
