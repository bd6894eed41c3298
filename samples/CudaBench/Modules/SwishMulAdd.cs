using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>x * sigmoid(x) * y + z (a level 2 fusion): eager runs four passes with three full-size intermediates.</summary>
[GenerateKernels]
public sealed partial class SwishMulAdd() : nn.Module<Tensor, Tensor, Tensor, Tensor>(nameof(SwishMulAdd))
{
    [KernelReference]
    Tensor Reference(Tensor x, Tensor y, Tensor z) => x * torch.sigmoid(x) * y + z;

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, 8192, device: device), randn(16384, 8192, device: device), randn(16384, 8192, device: device)];

    [KernelFactory]
    internal static SwishMulAdd Create() => new();
}
