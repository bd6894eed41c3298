using KernelGen.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// A verified CPU kernel baked into the assembly, with the dtypes and shapes it was verified for, and its circuit
/// breaker: the first failure (it throws, cannot load, or disagrees with the reference under a shadow check)
/// disables it for the process and is logged once.
/// </summary>
public sealed class CpuKernelVariant
{
    /// <summary>Breaker cause: the kernel's code could not run on this machine (type initialiser, missing instruction set).</summary>
    internal const string FailedToLoad = "failed-to-load";

    /// <summary>Breaker cause: the kernel threw during a call.</summary>
    internal const string Threw = "threw";

    /// <summary>Breaker cause: a shadow check found the kernel's result off the reference's.</summary>
    internal const string ShadowMismatch = "shadow-mismatch";

    readonly ScalarType[] argumentTypes;
    readonly ScalarType outputType;
    readonly CpuKernelInvoker invoke;
    string? disabledReason;

    /// <param name="id">The variant's id in the lock file.</param>
    /// <param name="argumentTypes">The verified dtype of each argument (inputs, then module state).</param>
    /// <param name="outputType">The dtype of the output the dispatcher allocates.</param>
    /// <param name="domain">The verified shapes.</param>
    /// <param name="invoke">Calls the kernel with the call's typed views.</param>
    public CpuKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, CpuKernelInvoker invoke)
    {
        if (argumentTypes.Length != domain.Arguments.Count)
            throw new ArgumentException($"variant '{id}' declares {argumentTypes.Length} argument types but its shape domain has {domain.Arguments.Count} arguments");
        if (argumentTypes.Length > ArgumentBuffer.Capacity)
            throw new ArgumentException($"variant '{id}' has {argumentTypes.Length} arguments; kernels take {ArgumentBuffer.Capacity} at most");
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

    /// <summary>The module name used in logs and telemetry; the dispatcher that owns the variant sets it.</summary>
    internal string ModuleName { get; set; } = "(no module)";

    /// <summary>
    /// Null when the variant takes the call: its breaker is closed and every argument is a contiguous tensor on the
    /// CPU with the verified dtype and a shape inside the domain (then <paramref name="symbols"/> holds the bound
    /// symbol sizes). Otherwise the reason it declines.
    /// </summary>
    internal FallbackReason? Decline(ReadOnlySpan<ArgumentTraits> traits, ReadOnlySpan<TensorShape> shapes, Span<long> symbols)
    {
        if (traits.Length != argumentTypes.Length) return FallbackReason.Shape;
        for (var i = 0; i < traits.Length; i++)
        {
            var argument = traits[i];
            if (argument.Device != DeviceType.CPU) return FallbackReason.Device;
            if (argument.Dtype != argumentTypes[i]) return FallbackReason.Dtype;
            // Kernels index row-major memory. A copy would cost a full read and write of the input, and no lock
            // has evidence yet that a kernel still wins after one, so strided inputs run the reference.
            if (!argument.Contiguous) return FallbackReason.Layout;
            if (!argument.RankSupported) return FallbackReason.Shape;
        }
        if (!Domain.TryBind(shapes, symbols[..Domain.Symbols.Count])) return FallbackReason.Shape;
        // Checked last, so a call the variant would not take anyway reports its real reason.
        return DisabledReason is null ? null : FallbackReason.BreakerOpen;
    }

    /// <summary>
    /// Allocates the output and runs the kernel on arguments <see cref="Decline"/> accepted. Returns null when the
    /// kernel fails; that trips the breaker.
    /// </summary>
    internal Tensor? Run(ReadOnlySpan<Tensor> arguments, ReadOnlySpan<TensorShape> shapes, ReadOnlySpan<long> symbols)
    {
        Span<long> outputSizes = stackalloc long[TensorShape.MaxRank];
        outputSizes = outputSizes[..Domain.Output.Count];
        Domain.OutputShape(symbols[..Domain.Symbols.Count], outputSizes);
        var output = empty(outputSizes, outputType);
        try
        {
            invoke(new CpuKernelCall(arguments, shapes, output, new TensorShape(outputSizes)));
            return output;
        }
        catch (Exception e)
        {
            output.Dispose();
            Trip(IsLoadFailure(e) ? FailedToLoad : Threw, $"{e.GetType().Name}: {Innermost(e).Message}");
            return null;
        }
    }

    /// <summary>
    /// Runs the kernel when it accepts <paramref name="arguments"/>, else returns null; the engine verifies and
    /// benchmarks candidates through this, so it measures the path an app runs.
    /// </summary>
    internal Tensor? TryRun(ReadOnlySpan<Tensor> arguments)
    {
        if (arguments.Length != argumentTypes.Length) return null;
        var traitsBuffer = new TraitsBuffer();
        var shapesBuffer = new ShapeBuffer();
        Span<ArgumentTraits> traits = traitsBuffer;
        Span<TensorShape> shapes = shapesBuffer;
        traits = traits[..arguments.Length];
        shapes = shapes[..arguments.Length];
        Span<long> symbols = stackalloc long[Domain.Symbols.Count];
        return ArgumentTraits.TryRead(arguments, traits, shapes) && Decline(traits, shapes, symbols) is null ? Run(arguments, shapes, symbols) : null;
    }

    /// <summary>Disables the variant for the process; only the first trip is logged and counted.</summary>
    internal void Trip(string cause, string reason)
    {
        if (Interlocked.CompareExchange(ref disabledReason, $"{cause}: {reason}", null) is not null) return;
        KernelGenLog.VariantDisabled(KernelGenEnvironment.Logger, ModuleName, Id, cause, reason);
        KernelTelemetry.CountTrip(ModuleName, Id, cause);
    }

    // The kernel never ran: its type initialiser threw, the CPU lacks an instruction set it needs, or code it calls is missing.
    static bool IsLoadFailure(Exception e) =>
        e is TypeInitializationException or PlatformNotSupportedException or MissingMemberException or TypeLoadException or BadImageFormatException or DllNotFoundException;

    static Exception Innermost(Exception e) => e is TypeInitializationException { InnerException: { } inner } ? inner : e;
}
