using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 29: <c>F.softplus(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 29, "Softplus")]
[GenerateKernels]
public sealed partial class P29_Softplus() : nn.Module<Tensor, Tensor>(nameof(P29_Softplus))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P29_Softplus>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => softplus(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P29_Softplus Create() => new();
}
