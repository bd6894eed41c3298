using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>Sum over the last dimension (level 1 reduction): [rows, 8192] to [rows].</summary>
[GenerateKernels]
public sealed partial class RowSum() : nn.Module<Tensor, Tensor>(nameof(RowSum))
{
    [KernelReference]
    Tensor Reference(Tensor x) => x.sum(-1);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, 8192, device: device)];

    [KernelFactory]
    internal static RowSum Create() => new();
}
