using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 25: <c>x * torch.sigmoid(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 25, "Swish")]
[GenerateKernels]
public sealed partial class P25_Swish() : nn.Module<Tensor, Tensor>(nameof(P25_Swish))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P25_Swish>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => x * torch.sigmoid(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P25_Swish Create() => new();
}
