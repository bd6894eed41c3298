using System.Diagnostics;
using KernelGen.Cpu;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>A verified CPU kernel baked into the assembly, with the dtypes and shapes it was verified for.</summary>
public sealed class CpuKernelVariant
{
    readonly ScalarType[] argumentTypes;
    readonly ScalarType outputType;
    readonly CpuKernelInvoker invoke;
    string? disabledReason;

    public CpuKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, CpuKernelInvoker invoke)
    {
        if (argumentTypes.Length != domain.Arguments.Count)
            throw new ArgumentException($"variant '{id}' declares {argumentTypes.Length} argument types but its shape domain has {domain.Arguments.Count} arguments");
        Id = id;
        this.argumentTypes = argumentTypes;
        this.outputType = outputType;
        Domain = domain;
        this.invoke = invoke;
    }

    /// <summary>The variant's id in the lock file.</summary>
    public string Id { get; }

    /// <summary>Always "cpu" for this type.</summary>
    public string Backend => "cpu";

    /// <summary>The shapes this variant was verified for.</summary>
    public ShapeDomain Domain { get; }

    /// <summary>Why the circuit breaker disabled this variant for the process, or null while it is enabled.</summary>
    public string? DisabledReason => Volatile.Read(ref disabledReason);

    /// <summary>
    /// Runs the kernel when every argument is a contiguous CPU tensor of the verified dtype inside the shape domain.
    /// Returns null (and the caller uses the reference) otherwise, or when the kernel throws: that trips the breaker.
    /// </summary>
    internal Tensor? TryRun(ReadOnlySpan<Tensor> arguments)
    {
        if (DisabledReason is not null || arguments.Length != argumentTypes.Length || arguments.Length > ArgumentBuffer.Capacity) return null;

        var shapes = new ShapeBuffer();
        Span<TensorShape> argumentShapes = shapes;
        argumentShapes = argumentShapes[..arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var tensor = arguments[i];
            if (tensor.device_type != TorchSharp.DeviceType.CPU || tensor.dtype != argumentTypes[i] || !tensor.is_contiguous()) return null;
            argumentShapes[i] = TensorMemory.ShapeOf(tensor);
        }

        Span<long> symbols = stackalloc long[Domain.Symbols.Count];
        if (!Domain.TryBind(argumentShapes, symbols)) return null;

        var outputSizes = Domain.OutputShape(symbols);
        var output = empty(outputSizes, outputType);
        try
        {
            invoke(new CpuKernelCall(arguments, argumentShapes, output, new TensorShape(outputSizes)));
            return output;
        }
        catch (Exception e)
        {
            output.Dispose();
            Disable($"{e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    void Disable(string reason)
    {
        if (Interlocked.CompareExchange(ref disabledReason, reason, null) is null)
            Trace.TraceWarning($"KernelGen: CPU kernel '{Id}' failed and is disabled for this process; the reference runs instead. {reason}");
    }
}
