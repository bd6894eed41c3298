using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>GELU after LayerNorm (a level 2 fusion): eager writes the normalised tensor and reads it again.</summary>
[GenerateKernels]
public sealed partial class LayerNormGelu : nn.Module<Tensor, Tensor>
{
    const long Features = 8192;

    readonly Parameter weight;
    readonly Parameter bias;

    public LayerNormGelu() : base(nameof(LayerNormGelu))
    {
        weight = new Parameter(ones(Features));
        bias = new Parameter(zeros(Features));
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => gelu(layer_norm(x, [Features], weight, bias, 1e-5));

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, Features, device: device)];

    [KernelFactory]
    internal static LayerNormGelu Create() => new();
}
