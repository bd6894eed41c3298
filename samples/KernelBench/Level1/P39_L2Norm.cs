using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 39: <c>x / torch.norm(x, p=2, dim=1, keepdim=True)</c>.</summary>
[KernelBenchProblem(1, 39, "L2Norm_")]
[GenerateKernels]
public sealed partial class P39_L2Norm() : nn.Module<Tensor, Tensor>(nameof(P39_L2Norm))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P39_L2Norm>().Select(full: (32768L, 65535L), reduced: (128L, 4095L));

    [KernelReference]
    Tensor Reference(Tensor x) => x / x.norm(1, keepdim: true, p: 2);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P39_L2Norm Create() => new();
}
