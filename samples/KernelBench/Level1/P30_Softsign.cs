using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 30: <c>x / (1 + torch.abs(x))</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 30, "Softsign")]
[GenerateKernels]
public sealed partial class P30_Softsign() : nn.Module<Tensor, Tensor>(nameof(P30_Softsign))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P30_Softsign>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => x / (1 + abs(x));

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P30_Softsign Create() => new();
}
