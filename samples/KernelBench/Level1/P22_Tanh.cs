using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 22: <c>torch.tanh(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 22, "Tanh")]
[GenerateKernels]
public sealed partial class P22_Tanh() : nn.Module<Tensor, Tensor>(nameof(P22_Tanh))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P22_Tanh>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => tanh(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P22_Tanh Create() => new();
}
