using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// The dispatcher of one annotated module type, created by generated code. Each call runs the first baked variant
/// that accepts the call (device, dtype, contiguity, shape domain) and otherwise, or on any failure, the reference.
/// </summary>
public sealed class KernelTable<TModule> : IKernelModuleInfo where TModule : nn.Module
{
    readonly string[] stateNames;
    readonly CpuKernelVariant[] variants;
    volatile string? lastVariant;

    /// <param name="moduleName">The module's full name.</param>
    /// <param name="status">What the generator found.</param>
    /// <param name="stateNames">Parameters and buffers the kernels receive after the inputs, by their names in the module.</param>
    /// <param name="variants">Verified, selected variants, fastest first.</param>
    public KernelTable(string moduleName, KernelBakeStatus status, string[] stateNames, params CpuKernelVariant[] variants)
    {
        ModuleName = moduleName;
        Status = status;
        this.stateNames = stateNames;
        this.variants = variants;
    }

    public string ModuleName { get; }
    public KernelBakeStatus Status { get; }
    public IReadOnlyList<CpuKernelVariant> Variants => variants;
    public string? LastVariant => lastVariant;

    public Tensor Forward(TModule module, Tensor x, Func<TModule, Tensor, Tensor> reference) =>
        TryRunKernel(module, [x]) ?? reference(module, x);

    public Tensor Forward(TModule module, Tensor x, Tensor y, Func<TModule, Tensor, Tensor, Tensor> reference) =>
        TryRunKernel(module, [x, y]) ?? reference(module, x, y);

    public Tensor Forward(TModule module, Tensor x, Tensor y, Tensor z, Func<TModule, Tensor, Tensor, Tensor, Tensor> reference) =>
        TryRunKernel(module, [x, y, z]) ?? reference(module, x, y, z);

    Tensor? TryRunKernel(TModule module, ReadOnlySpan<Tensor> inputs)
    {
        lastVariant = null;
        if (variants.Length == 0 || KernelGenEnvironment.Disabled || !KernelGenEnvironment.IsBackendEnabled("cpu")) return null;
        var count = inputs.Length + stateNames.Length;
        if (count > ArgumentBuffer.Capacity) return null;

        var buffer = new ArgumentBuffer();
        Span<Tensor> arguments = buffer;
        arguments = arguments[..count];
        inputs.CopyTo(arguments);
        for (var i = 0; i < stateNames.Length; i++)
        {
            if (ModuleState.Find(module, stateNames[i]) is not { } state) return null;
            arguments[inputs.Length + i] = state;
        }

        // Kernels have no backward: when autograd would record this call, the reference must run.
        if (is_grad_enabled())
        {
            foreach (var argument in arguments)
                if (argument.requires_grad) return null;
        }

        foreach (var variant in variants)
        {
            if (variant.TryRun(arguments) is { } output)
            {
                lastVariant = variant.Id;
                return output;
            }
        }
        return null;
    }
}
