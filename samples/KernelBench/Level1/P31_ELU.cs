using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 31: <c>F.elu(x, alpha=1.0)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 31, "ELU", Note = "KernelBench draws torch.rand (all non-negative), where ELU is the identity; inputs are uniform on [-2, 2) instead.")]
[GenerateKernels]
public sealed partial class P31_ELU() : nn.Module<Tensor, Tensor>(nameof(P31_ELU))
{
    const double Alpha = 1.0;

    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P31_ELU>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => elu(x, Alpha);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Uniform(device, -2.0, 2.0, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P31_ELU Create() => new();
}
