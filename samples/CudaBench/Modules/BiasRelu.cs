using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>relu(x + bias) with a learned per-feature bias (a level 2 fusion: the epilogue of a Linear layer).</summary>
[GenerateKernels]
public sealed partial class BiasRelu : nn.Module<Tensor, Tensor>
{
    const long Features = 8192;

    readonly Parameter bias;

    public BiasRelu() : base(nameof(BiasRelu))
    {
        bias = new Parameter(zeros(Features));
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => relu(x + bias);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, Features, device: device)];

    [KernelFactory]
    internal static BiasRelu Create() => new();
}
