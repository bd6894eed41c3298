using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickStart;

/// <summary>
/// Root-mean-square normalisation over the last dimension with a learned per-channel weight, as in LLaMA-style
/// transformers. Eager TorchSharp runs it as six ops with two full-size intermediates; one fused pass per row wins.
/// </summary>
[GenerateKernels]
public sealed partial class RmsNorm : nn.Module<Tensor, Tensor>
{
    const double Eps = 1e-6;

    readonly Parameter weight;

    public RmsNorm(long dim) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(dim));
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(4096, 4096, device: device)];

    [KernelFactory]
    internal static RmsNorm Create() => new(4096);

    /// <summary>The reference, callable from the sample to time it and to build the float64 oracle.</summary>
    internal Tensor RunReference(Tensor x) => Reference(x);
}
