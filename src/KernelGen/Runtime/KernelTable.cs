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
    readonly CpuKernelVariant[] variants;
    readonly int maxSymbols;
    volatile string? lastVariant;

    /// <param name="moduleName">The module's full name.</param>
    /// <param name="status">What the generator found.</param>
    /// <param name="stateNames">Parameters and buffers the kernels receive after the inputs, by their names in the module.</param>
    /// <param name="variants">Verified, selected variants, fastest first.</param>
    public KernelTable(string moduleName, KernelBakeStatus status, string[] stateNames, params CpuKernelVariant[] variants)
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
    public IReadOnlyList<CpuKernelVariant> Variants => variants;

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
    Tensor? TryRunKernel(TModule module, ReadOnlySpan<Tensor> inputs, out CpuKernelVariant? variant, out bool shadow)
    {
        variant = null;
        shadow = false;
        if (Unavailable() is { } unavailable) return Fallback(unavailable);

        var count = inputs.Length + state.Length;
        if (count > ArgumentBuffer.Capacity) return Fallback(FallbackReason.Shape);
        var argumentBuffer = new ArgumentBuffer();
        Span<Tensor> arguments = argumentBuffer;
        arguments = arguments[..count];
        inputs.CopyTo(arguments);
        for (var i = 0; i < state.Length; i++)
        {
            if (state[i].Find(module) is not { } tensor) return Fallback(FallbackReason.StateMissing);
            arguments[inputs.Length + i] = tensor;
        }

        // Kernels have no backward: when autograd would record this call, the reference must run.
        if (is_grad_enabled())
        {
            foreach (var argument in arguments)
                if (argument.requires_grad) return Fallback(FallbackReason.Autograd);
        }

        var traitsBuffer = new TraitsBuffer();
        var shapesBuffer = new ShapeBuffer();
        Span<ArgumentTraits> traits = traitsBuffer;
        Span<TensorShape> shapes = shapesBuffer;
        traits = traits[..count];
        shapes = shapes[..count];
        ArgumentTraits.Read(arguments, traits, shapes);
        Span<long> symbols = stackalloc long[maxSymbols];

        var reason = FallbackReason.NoVariants;
        foreach (var candidate in variants)
        {
            if (candidate.Decline(traits, shapes, symbols) is { } declined)
            {
                reason = declined;
                continue;
            }
            var start = KernelTelemetry.StartKernelTimer();
            if (candidate.Run(arguments, shapes, symbols) is not { } output) return Fallback(FallbackReason.KernelFailed);
            KernelTelemetry.RecordKernelTime(start, ModuleName, candidate.Id);
            KernelTelemetry.CountCall(ModuleName, candidate.Id);
            lastVariant = candidate.Id;
            variant = candidate;
            shadow = ShadowCheck.Sample(KernelGenEnvironment.ShadowRate);
            return output;
        }
        return Fallback(reason);
    }

    FallbackReason? Unavailable()
    {
        if (variants.Length == 0) return FallbackReason.NoVariants;
        if (KernelGenEnvironment.Disabled) return FallbackReason.Disabled;
        // Every baked variant is a CPU kernel today; other backends add their own check here.
        return KernelGenEnvironment.IsBackendEnabled("cpu") ? null : FallbackReason.BackendDisabled;
    }

    Tensor? Fallback(FallbackReason reason)
    {
        lastVariant = null;
        KernelTelemetry.CountFallback(ModuleName, reason);
        return null;
    }

    /// <summary>Returns the kernel's output if it agrees with the reference's; otherwise trips the breaker and returns the reference's.</summary>
    Tensor Shadow(CpuKernelVariant variant, Tensor kernelOutput, Tensor referenceOutput, ReadOnlySpan<Tensor> inputs)
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
        variant.Trip(CpuKernelVariant.ShadowMismatch, disagreement);
        Fallback(FallbackReason.ShadowMismatch);
        return referenceOutput;
    }
}
