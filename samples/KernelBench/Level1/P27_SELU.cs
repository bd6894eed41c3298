using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 27: <c>torch.selu(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 27, "SELU_", Note = "KernelBench draws torch.rand (all non-negative), where SELU is the linear map scale * x; inputs are uniform on [-2, 2) instead so the exponential branch is exercised.")]
[GenerateKernels]
public sealed partial class P27_SELU() : nn.Module<Tensor, Tensor>(nameof(P27_SELU))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P27_SELU>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => selu(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Uniform(device, -2.0, 2.0, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P27_SELU Create() => new();
}
