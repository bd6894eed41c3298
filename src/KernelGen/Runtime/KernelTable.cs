using KernelGen.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// The dispatcher of one annotated module type, created by generated code. Each call runs the first baked variant
/// that accepts it (device, dtype, contiguity, shape domain, closed breaker) and otherwise, or on any failure, the
/// reference. The decision allocates nothing and keeps no per-call shared state beyond <see cref="LastVariant"/>,
/// so any number of threads may call it at once.
/// </summary>
public sealed class KernelTable<TModule> : IKernelModuleInfo where TModule : nn.Module
{
    readonly ModuleState[] state;
    readonly KernelVariant[] variants;
    readonly int maxSymbols;
    volatile string? lastVariant;

    /// <param name="moduleName">The module's full name.</param>
    /// <param name="status">What the generator found.</param>
    /// <param name="stateNames">Parameters and buffers the kernels receive after the inputs, by their names in the module.</param>
    /// <param name="variants">Verified, selected variants, fastest first.</param>
    public KernelTable(string moduleName, KernelBakeStatus status, string[] stateNames, params KernelVariant[] variants)
    {
        ModuleName = moduleName;
        Status = status;
        state = Array.ConvertAll(stateNames, name => new ModuleState(name));
        this.variants = variants;
        foreach (var variant in variants)
        {
            variant.ModuleName = moduleName;
            maxSymbols = Math.Max(maxSymbols, variant.Domain.Symbols.Count);
        }
    }

    /// <inheritdoc/>
    public string ModuleName { get; }

    /// <inheritdoc/>
    public KernelBakeStatus Status { get; }

    /// <inheritdoc/>
    public IReadOnlyList<KernelVariant> Variants => variants;

    /// <inheritdoc/>
    public string? LastVariant => lastVariant;

    /// <summary>The generated <c>forward</c> of a one-input module.</summary>
    public Tensor Forward(TModule module, Tensor x, Func<TModule, Tensor, Tensor> reference)
    {
        var output = TryRunKernel(module, [x], out var variant, out var shadow);
        if (output is null) return reference(module, x);
        return shadow ? Shadow(variant!, output, reference(module, x), [x]) : output;
    }

    /// <summary>The generated <c>forward</c> of a two-input module.</summary>
    public Tensor Forward(TModule module, Tensor x, Tensor y, Func<TModule, Tensor, Tensor, Tensor> reference)
    {
        var output = TryRunKernel(module, [x, y], out var variant, out var shadow);
        if (output is null) return reference(module, x, y);
        return shadow ? Shadow(variant!, output, reference(module, x, y), [x, y]) : output;
    }

    /// <summary>The generated <c>forward</c> of a three-input module.</summary>
    public Tensor Forward(TModule module, Tensor x, Tensor y, Tensor z, Func<TModule, Tensor, Tensor, Tensor, Tensor> reference)
    {
        var output = TryRunKernel(module, [x, y, z], out var variant, out var shadow);
        if (output is null) return reference(module, x, y, z);
        return shadow ? Shadow(variant!, output, reference(module, x, y, z), [x, y, z]) : output;
    }

    /// <summary>
    /// The kernel's output, or null when the reference must run (the reason is counted). <paramref name="shadow"/>
    /// is true when this call is sampled for a shadow check.
    /// </summary>
    Tensor? TryRunKernel(TModule module, ReadOnlySpan<Tensor> inputs, out KernelVariant? variant, out bool shadow)
    {
        shadow = false;
        var argumentBuffer = new ArgumentBuffer();
        var traitsBuffer = new TraitsBuffer();
        var shapesBuffer = new ShapeBuffer();
        Span<long> symbols = stackalloc long[maxSymbols];
        variant = Decide(module, inputs, argumentBuffer, traitsBuffer, shapesBuffer, symbols, out var reason);
        if (variant is null) return Fallback(reason);

        var count = inputs.Length + state.Length;
        var start = KernelTelemetry.StartKernelTimer();
        if (variant.Run(((Span<Tensor>)argumentBuffer)[..count], ((Span<TensorShape>)shapesBuffer)[..count], symbols) is not { } output)
        {
            variant = null;
            return Fallback(FallbackReason.KernelFailed);
        }
        KernelTelemetry.RecordKernelTime(start, ModuleName, variant.Id);
        KernelTelemetry.CountCall(ModuleName, variant.Id);
        lastVariant = variant.Id;
        shadow = ShadowCheck.Sample(KernelGenEnvironment.ShadowRate);
        return output;
    }

    /// <summary>
    /// The dispatch decision for a one-input call, without running a kernel or counting anything: what the
    /// allocation test and the dispatch-overhead benchmark measure on its own.
    /// </summary>
    internal KernelVariant? Decide(TModule module, Tensor x)
    {
        var argumentBuffer = new ArgumentBuffer();
        var traitsBuffer = new TraitsBuffer();
        var shapesBuffer = new ShapeBuffer();
        Span<long> symbols = stackalloc long[maxSymbols];
        return Decide(module, [x], argumentBuffer, traitsBuffer, shapesBuffer, symbols, out _);
    }

    /// <summary>
    /// The variant that takes the call, with the call's arguments (inputs, then module state), their shapes and the
    /// bound symbols written to the buffers; or null and why the reference must run.
    /// </summary>
    KernelVariant? Decide(TModule module, ReadOnlySpan<Tensor> inputs, Span<Tensor> argumentBuffer, Span<ArgumentTraits> traitsBuffer,
        Span<TensorShape> shapesBuffer, Span<long> symbols, out FallbackReason reason)
    {
        if (Unavailable() is { } unavailable) return Decline(unavailable, out reason);
        var count = inputs.Length + state.Length;
        if (count > ArgumentBuffer.Capacity) return Decline(FallbackReason.Shape, out reason);

        var arguments = argumentBuffer[..count];
        inputs.CopyTo(arguments);
        for (var i = 0; i < state.Length; i++)
        {
            if (state[i].Find(module) is not { } tensor) return Decline(FallbackReason.StateMissing, out reason);
            arguments[inputs.Length + i] = tensor;
        }

        // Kernels have no backward: when autograd would record this call, the reference must run.
        if (is_grad_enabled())
        {
            foreach (var argument in arguments)
                if (argument.requires_grad) return Decline(FallbackReason.Autograd, out reason);
        }

        var traits = traitsBuffer[..count];
        var shapes = shapesBuffer[..count];
        if (!ArgumentTraits.TryRead(arguments, traits, shapes)) return Decline(FallbackReason.Layout, out reason);

        reason = FallbackReason.NoVariants;
        foreach (var candidate in variants)
        {
            if (!KernelGenEnvironment.IsBackendEnabled(candidate.Backend))
            {
                reason = FallbackReason.BackendDisabled;
                continue;
            }
            if (candidate.Decline(traits, shapes, symbols) is not { } declined) return candidate;
            reason = declined;
        }
        return null;
    }

    static KernelVariant? Decline(FallbackReason why, out FallbackReason reason)
    {
        reason = why;
        return null;
    }

    FallbackReason? Unavailable()
    {
        if (variants.Length == 0) return FallbackReason.NoVariants;
        if (KernelGenEnvironment.Disabled) return FallbackReason.Disabled;
        foreach (var variant in variants)
            if (KernelGenEnvironment.IsBackendEnabled(variant.Backend)) return null;
        return FallbackReason.BackendDisabled;
    }

    Tensor? Fallback(FallbackReason reason)
    {
        lastVariant = null;
        KernelTelemetry.CountFallback(ModuleName, reason);
        return null;
    }

    /// <summary>Returns the kernel's output if it agrees with the reference's; otherwise trips the breaker and returns the reference's.</summary>
    Tensor Shadow(KernelVariant variant, Tensor kernelOutput, Tensor referenceOutput, ReadOnlySpan<Tensor> inputs)
    {
        var disagreement = ShadowCheck.Disagreement(kernelOutput, referenceOutput);
        KernelTelemetry.CountShadowCheck(ModuleName, variant.Id, disagreement is null);
        if (disagreement is null)
        {
            // A reference may return its input itself (an identity path); that tensor belongs to the caller.
            if (!inputs.Contains(referenceOutput)) referenceOutput.Dispose();
            return kernelOutput;
        }
        kernelOutput.Dispose();
        variant.Trip(KernelVariant.ShadowMismatch, disagreement);
        Fallback(FallbackReason.ShadowMismatch);
        return referenceOutput;
    }
}
