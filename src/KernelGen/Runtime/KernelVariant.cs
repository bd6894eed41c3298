using KernelGen.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// A verified kernel baked into the assembly, of any backend, with the dtypes and shapes it was verified for and its
/// circuit breaker: the first failure (it throws, cannot load or compile, or disagrees with the reference under a
/// shadow check) disables it for the process and is logged once.
/// </summary>
public abstract class KernelVariant
{
    /// <summary>Breaker cause: the kernel's code could not run on this machine (missing driver or instruction set, failed compilation).</summary>
    internal const string FailedToLoad = "failed-to-load";

    /// <summary>Breaker cause: the kernel threw during a call.</summary>
    internal const string Threw = "threw";

    /// <summary>Breaker cause: a shadow check found the kernel's result off the reference's.</summary>
    internal const string ShadowMismatch = "shadow-mismatch";

    readonly ScalarType[] argumentTypes;
    string? disabledReason;

    private protected KernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain)
    {
        if (argumentTypes.Length != domain.Arguments.Count)
            throw new ArgumentException($"variant '{id}' declares {argumentTypes.Length} argument types but its shape domain has {domain.Arguments.Count} arguments");
        if (argumentTypes.Length > ArgumentBuffer.Capacity)
            throw new ArgumentException($"variant '{id}' has {argumentTypes.Length} arguments; kernels take {ArgumentBuffer.Capacity} at most");
        Id = id;
        this.argumentTypes = argumentTypes;
        OutputType = outputType;
        Domain = domain;
    }

    /// <summary>The variant's id in the lock file.</summary>
    public string Id { get; }

    /// <summary>The backend that runs the kernel, as in the lock file ("cpu", "cuda").</summary>
    public abstract string Backend { get; }

    /// <summary>The shapes this variant was verified for.</summary>
    public ShapeDomain Domain { get; }

    /// <summary>Why the circuit breaker disabled this variant for the process, or null while it is enabled.</summary>
    public string? DisabledReason => Volatile.Read(ref disabledReason);

    /// <summary>The dtype of the output the dispatcher allocates.</summary>
    private protected ScalarType OutputType { get; }

    /// <summary>The module name used in logs and telemetry; the dispatcher that owns the variant sets it.</summary>
    internal string ModuleName { get; set; } = "(no module)";

    /// <summary>The device type every argument must be on.</summary>
    private protected abstract DeviceType Device { get; }

    /// <summary>Whether every argument must start at a 16-byte boundary (GPU kernels use 16-byte vector accesses).</summary>
    private protected virtual bool RequiresAlignedArguments => false;

    /// <summary>
    /// Null when the variant takes the call: its breaker is closed and every argument is a contiguous tensor on the
    /// variant's device (all on one device index) with the verified dtype and a shape inside the domain (then
    /// <paramref name="symbols"/> holds the bound symbol sizes). Otherwise the reason it declines.
    /// </summary>
    internal FallbackReason? Decline(ReadOnlySpan<ArgumentTraits> traits, ReadOnlySpan<TensorShape> shapes, Span<long> symbols)
    {
        if (traits.Length != argumentTypes.Length) return FallbackReason.Shape;
        for (var i = 0; i < traits.Length; i++)
        {
            var argument = traits[i];
            if (argument.Device != Device || argument.DeviceIndex != traits[0].DeviceIndex) return FallbackReason.Device;
            if (argument.Dtype != argumentTypes[i]) return FallbackReason.Dtype;
            // Kernels index row-major memory. A copy would cost a full read and write of the input, and no lock
            // has evidence yet that a kernel still wins after one, so strided inputs run the reference.
            if (!argument.Contiguous) return FallbackReason.Layout;
            // A view that starts mid-vector (a storage offset) would fault on a 16-byte load: the reference runs it.
            if (RequiresAlignedArguments && !argument.Aligned16) return FallbackReason.Layout;
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
    internal abstract Tensor? Run(ReadOnlySpan<Tensor> arguments, ReadOnlySpan<TensorShape> shapes, ReadOnlySpan<long> symbols);

    /// <summary>
    /// Runs the kernel when it accepts <paramref name="arguments"/>, else returns null; the engine and the GPU
    /// runner verify and benchmark candidates through this, so they measure the path an app runs.
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
}
