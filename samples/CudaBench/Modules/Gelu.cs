using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CudaBench;

/// <summary>GELU, erf form (level 1 elementwise).</summary>
[GenerateKernels]
public sealed partial class Gelu() : nn.Module<Tensor, Tensor>(nameof(Gelu))
{
    [KernelReference]
    Tensor Reference(Tensor x) => gelu(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [randn(16384, 8192, device: device)];

    [KernelFactory]
    internal static Gelu Create() => new();
}
