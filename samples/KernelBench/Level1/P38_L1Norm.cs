using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 38: <c>x / torch.mean(torch.abs(x), dim=1, keepdim=True)</c>.</summary>
[KernelBenchProblem(1, 38, "L1Norm_")]
[GenerateKernels]
public sealed partial class P38_L1Norm() : nn.Module<Tensor, Tensor>(nameof(P38_L1Norm))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P38_L1Norm>().Select(full: (32768L, 65535L), reduced: (128L, 4095L));

    [KernelReference]
    Tensor Reference(Tensor x) => x / mean(abs(x), [1], keepdim: true);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P38_L1Norm Create() => new();
}
