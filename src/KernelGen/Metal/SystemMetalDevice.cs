using System.Runtime.InteropServices;

namespace KernelGen.Metal;

/// <summary>
/// <see cref="IMetalDevice"/> over Metal.framework through the Objective-C runtime: the system default GPU and one
/// command queue for the process. Written from Apple's API documentation; it has not run (no macOS machine was
/// available to this project, docs/metal.md).
/// </summary>
internal sealed unsafe class SystemMetalDevice : IMetalDevice
{
    /// <summary><c>MTLCommandBufferStatusError</c>.</summary>
    const nint StatusError = 5;

    /// <summary><c>MTLMathModeSafe</c>: IEEE-754 results, no reassociation, no fast approximations.</summary>
    const nint MathModeSafe = 0;

    static readonly Lazy<(SystemMetalDevice? Device, string? Failure)> shared = new(Open);

    readonly IntPtr device;
    readonly IntPtr queue;

    SystemMetalDevice(IntPtr device, IntPtr queue, string name)
    {
        this.device = device;
        this.queue = queue;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The process's device, or null with why Metal cannot be used here (not macOS, no framework, no GPU).</summary>
    public static SystemMetalDevice? Get(out string? failure)
    {
        var (device, why) = shared.Value;
        failure = why;
        return device;
    }

    static (SystemMetalDevice?, string?) Open()
    {
        if (!OperatingSystem.IsMacOS())
            return (null, $"Metal needs macOS on Apple Silicon; this process runs on {RuntimeInformation.OSDescription}");
        try
        {
            var device = MetalFramework.CreateSystemDefaultDevice();
            if (device == IntPtr.Zero) return (null, "MTLCreateSystemDefaultDevice returned nil: this Mac has no Metal GPU available to the process");
            var queue = ObjectiveC.SendObject(device, Selectors.NewCommandQueue);
            if (queue == IntPtr.Zero) return (null, "the Metal device could not create a command queue");
            var pool = ObjectiveC.AutoreleasePoolPush();
            try
            {
                return (new SystemMetalDevice(device, queue, Utf8(ObjectiveC.SendObject(device, Selectors.Name)) ?? "Metal GPU"), null);
            }
            finally
            {
                ObjectiveC.AutoreleasePoolPop(pool);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, $"Metal.framework or the Objective-C runtime could not be loaded: {e.Message}");
        }
    }

    /// <inheritdoc/>
    public MetalPipeline CreatePipeline(ReadOnlySpan<byte> source, string entryPoint)
    {
        var pool = ObjectiveC.AutoreleasePoolPush();
        IntPtr text = 0, options = 0, library = 0;
        try
        {
            text = NewString(source);
            options = ObjectiveC.SendObject(ObjectiveC.SendObject(ObjectiveC.GetClass("MTLCompileOptions"), Selectors.Alloc), Selectors.Init);
            // Fast math lets the compiler reassociate, flush denormals and use approximate exp/log/divide: results
            // drift from the float32 reference the kernel was verified against, so it is off.
            ObjectiveC.Send(options, Selectors.SetFastMathEnabled, (byte)0);
            if (ObjectiveC.SendBoolean(options, Selectors.RespondsToSelector, Selectors.SetMathMode) != 0)
                ObjectiveC.SendWithInteger(options, Selectors.SetMathMode, MathModeSafe);

            IntPtr error = 0;
            library = ObjectiveC.SendObject(device, Selectors.NewLibraryWithSource, text, options, &error);
            if (library == 0) throw new MetalException($"the Metal compiler rejected the kernel: {Describe(error)}");
            return Pipeline(library, entryPoint);
        }
        finally
        {
            // Objects from alloc/new are owned: release them. The pipeline state stays retained for the process.
            foreach (var owned in new[] { library, options, text })
                if (owned != 0) ObjectiveC.Send(owned, Selectors.Release);
            ObjectiveC.AutoreleasePoolPop(pool);
        }
    }

    /// <inheritdoc/>
    public MetalPipeline CreatePipelineFromLibrary(ReadOnlySpan<byte> metallib, string entryPoint)
    {
        var pool = ObjectiveC.AutoreleasePoolPush();
        IntPtr data = 0, library = 0;
        try
        {
            fixed (byte* bytes = metallib)
                data = LibDispatch.DataCreate(bytes, (nuint)metallib.Length, 0, 0);
            if (data == 0) throw new MetalException("dispatch_data_create returned null for the metallib");
            IntPtr error = 0;
            library = ObjectiveC.SendObject(device, Selectors.NewLibraryWithData, data, &error);
            if (library == 0) throw new MetalException($"Metal rejected the precompiled metallib: {Describe(error)}");
            return Pipeline(library, entryPoint);
        }
        finally
        {
            if (library != 0) ObjectiveC.Send(library, Selectors.Release);
            if (data != 0) LibDispatch.Release(data);
            ObjectiveC.AutoreleasePoolPop(pool);
        }
    }

    /// <summary>The pipeline of <paramref name="entryPoint"/> in <paramref name="library"/> (called inside an autorelease pool).</summary>
    MetalPipeline Pipeline(IntPtr library, string entryPoint)
    {
        IntPtr name = 0, function = 0;
        try
        {
            name = NewString(System.Text.Encoding.UTF8.GetBytes(entryPoint));
            function = ObjectiveC.SendObject(library, Selectors.NewFunctionWithName, name);
            if (function == 0) throw new MetalException($"the library has no kernel function '{entryPoint}'");
            IntPtr error = 0;
            var pipeline = ObjectiveC.SendObject(device, Selectors.NewComputePipelineState, function, &error);
            if (pipeline == 0) throw new MetalException($"the compute pipeline for '{entryPoint}' could not be made: {Describe(error)}");
            return new MetalPipeline(pipeline,
                (int)ObjectiveC.SendUnsigned(pipeline, Selectors.MaxTotalThreadsPerThreadgroup),
                (int)ObjectiveC.SendUnsigned(pipeline, Selectors.ThreadExecutionWidth));
        }
        finally
        {
            if (function != 0) ObjectiveC.Send(function, Selectors.Release);
            if (name != 0) ObjectiveC.Send(name, Selectors.Release);
        }
    }

    /// <inheritdoc/>
    public void Dispatch(MetalPipeline pipeline, ReadOnlySpan<MetalBinding> bindings, MTLSize threads, MTLSize threadsPerThreadgroup)
    {
        // The command buffer and encoder are autoreleased objects: the pool frees them after each call.
        var pool = ObjectiveC.AutoreleasePoolPush();
        try
        {
            var commands = ObjectiveC.SendObject(queue, Selectors.CommandBuffer);
            if (commands == 0) throw new MetalException("the command queue returned no command buffer");
            var encoder = ObjectiveC.SendObject(commands, Selectors.ComputeCommandEncoder);
            if (encoder == 0) throw new MetalException("the command buffer returned no compute encoder");
            ObjectiveC.Send(encoder, Selectors.SetComputePipelineState, pipeline.Handle);
            foreach (var binding in bindings)
            {
                if (binding.IsBuffer)
                {
                    ObjectiveC.Send(encoder, Selectors.SetBufferOffsetAtIndex, binding.Buffer, (nuint)binding.Offset, (nuint)binding.Index);
                    continue;
                }
                var value = binding.Value;
                ObjectiveC.Send(encoder, Selectors.SetBytesLengthAtIndex, &value, (nuint)sizeof(long), (nuint)binding.Index);
            }
            ObjectiveC.Send(encoder, Selectors.DispatchThreads, threads, threadsPerThreadgroup);
            ObjectiveC.Send(encoder, Selectors.EndEncoding);
            ObjectiveC.Send(commands, Selectors.Commit);
            ObjectiveC.Send(commands, Selectors.WaitUntilCompleted);
            if (ObjectiveC.SendInteger(commands, Selectors.Status) == StatusError)
                throw new MetalException($"the kernel's command buffer failed: {Describe(ObjectiveC.SendObject(commands, Selectors.Error))}");
        }
        finally
        {
            ObjectiveC.AutoreleasePoolPop(pool);
        }
    }

    /// <summary>A new NSString (owned: release it) from UTF-8 bytes.</summary>
    static IntPtr NewString(ReadOnlySpan<byte> utf8)
    {
        var terminated = new byte[utf8.Length + 1];
        utf8.CopyTo(terminated);
        fixed (byte* text = terminated)
            return ObjectiveC.SendObject(ObjectiveC.SendObject(ObjectiveC.GetClass("NSString"), Selectors.Alloc), Selectors.InitWithUtf8String, text);
    }

    /// <summary>An NSError's localizedDescription, or a note that Metal gave none.</summary>
    static string Describe(IntPtr error) =>
        error == 0 ? "Metal reported no error object" : Utf8(ObjectiveC.SendObject(error, Selectors.LocalizedDescription)) ?? "Metal's error has no description";

    static string? Utf8(IntPtr text) => text == 0 ? null : Marshal.PtrToStringUTF8((IntPtr)ObjectiveC.SendUtf8(text, Selectors.Utf8String));

    /// <summary>Selectors, registered once on first use (only ever reached on macOS).</summary>
    static class Selectors
    {
        public static readonly IntPtr Alloc = ObjectiveC.RegisterSelector("alloc");
        public static readonly IntPtr Init = ObjectiveC.RegisterSelector("init");
        public static readonly IntPtr Release = ObjectiveC.RegisterSelector("release");
        public static readonly IntPtr RespondsToSelector = ObjectiveC.RegisterSelector("respondsToSelector:");
        public static readonly IntPtr InitWithUtf8String = ObjectiveC.RegisterSelector("initWithUTF8String:");
        public static readonly IntPtr Utf8String = ObjectiveC.RegisterSelector("UTF8String");
        public static readonly IntPtr LocalizedDescription = ObjectiveC.RegisterSelector("localizedDescription");
        public static readonly IntPtr Name = ObjectiveC.RegisterSelector("name");
        public static readonly IntPtr NewCommandQueue = ObjectiveC.RegisterSelector("newCommandQueue");
        public static readonly IntPtr SetFastMathEnabled = ObjectiveC.RegisterSelector("setFastMathEnabled:");
        public static readonly IntPtr SetMathMode = ObjectiveC.RegisterSelector("setMathMode:");
        public static readonly IntPtr NewLibraryWithSource = ObjectiveC.RegisterSelector("newLibraryWithSource:options:error:");
        public static readonly IntPtr NewLibraryWithData = ObjectiveC.RegisterSelector("newLibraryWithData:error:");
        public static readonly IntPtr NewFunctionWithName = ObjectiveC.RegisterSelector("newFunctionWithName:");
        public static readonly IntPtr NewComputePipelineState = ObjectiveC.RegisterSelector("newComputePipelineStateWithFunction:error:");
        public static readonly IntPtr MaxTotalThreadsPerThreadgroup = ObjectiveC.RegisterSelector("maxTotalThreadsPerThreadgroup");
        public static readonly IntPtr ThreadExecutionWidth = ObjectiveC.RegisterSelector("threadExecutionWidth");
        public static readonly IntPtr CommandBuffer = ObjectiveC.RegisterSelector("commandBuffer");
        public static readonly IntPtr ComputeCommandEncoder = ObjectiveC.RegisterSelector("computeCommandEncoder");
        public static readonly IntPtr SetComputePipelineState = ObjectiveC.RegisterSelector("setComputePipelineState:");
        public static readonly IntPtr SetBufferOffsetAtIndex = ObjectiveC.RegisterSelector("setBuffer:offset:atIndex:");
        public static readonly IntPtr SetBytesLengthAtIndex = ObjectiveC.RegisterSelector("setBytes:length:atIndex:");
        public static readonly IntPtr DispatchThreads = ObjectiveC.RegisterSelector("dispatchThreads:threadsPerThreadgroup:");
        public static readonly IntPtr EndEncoding = ObjectiveC.RegisterSelector("endEncoding");
        public static readonly IntPtr Commit = ObjectiveC.RegisterSelector("commit");
        public static readonly IntPtr WaitUntilCompleted = ObjectiveC.RegisterSelector("waitUntilCompleted");
        public static readonly IntPtr Status = ObjectiveC.RegisterSelector("status");
        public static readonly IntPtr Error = ObjectiveC.RegisterSelector("error");
    }
}
