using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 21: <c>torch.sigmoid(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 21, "Sigmoid")]
[GenerateKernels]
public sealed partial class P21_Sigmoid() : nn.Module<Tensor, Tensor>(nameof(P21_Sigmoid))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P21_Sigmoid>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => torch.sigmoid(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P21_Sigmoid Create() => new();
}
