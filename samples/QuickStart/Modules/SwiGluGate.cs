using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace QuickStart;

/// <summary>
/// The gate of a SwiGLU MLP (LLaMA, Mistral, Qwen): <c>silu(gate_proj(x)) * up_proj(x)</c>, after both projections.
/// Eager TorchSharp runs SiLU and the product as two passes over memory with a full-size intermediate.
/// </summary>
[GenerateKernels]
public sealed partial class SwiGluGate() : nn.Module<Tensor, Tensor, Tensor>(nameof(SwiGluGate))
{
    [KernelReference]
    Tensor Reference(Tensor gate, Tensor up) => silu(gate) * up;

    [KernelInputs]
    // Non-square on purpose: equal sizes would be taken as one symbol and narrow the verified shape domain.
    internal static Tensor[] Inputs(Device device) => [randn(2048, 8192, device: device), randn(2048, 8192, device: device)];

    [KernelFactory]
    internal static SwiGluGate Create() => new();

    /// <summary>The reference, callable from the sample to time it and to build the float64 oracle.</summary>
    internal Tensor RunReference(Tensor gate, Tensor up) => Reference(gate, up);
}
