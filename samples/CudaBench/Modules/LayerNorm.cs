using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>LayerNorm over the last 8192 features with a learned weight and bias (level 1).</summary>
[GenerateKernels]
public sealed partial class LayerNorm : nn.Module<Tensor, Tensor>
{
    const long Features = 8192;

    readonly Parameter weight;
    readonly Parameter bias;

    public LayerNorm() : base(nameof(LayerNorm))
    {
        weight = new Parameter(ones(Features));
        bias = new Parameter(zeros(Features));
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => layer_norm(x, [Features], weight, bias, 1e-5);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, Features, device: device)];

    [KernelFactory]
    internal static LayerNorm Create() => new();
}
