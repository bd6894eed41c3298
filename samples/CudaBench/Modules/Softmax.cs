using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>Softmax over the last dimension (KernelBench level 1): one fused ATen kernel in eager already.</summary>
[GenerateKernels]
public sealed partial class Softmax() : nn.Module<Tensor, Tensor>(nameof(Softmax))
{
    [KernelReference]
    Tensor Reference(Tensor x) => softmax(x, -1);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, 8192, device: device)];

    [KernelFactory]
    internal static Softmax Create() => new();
}
