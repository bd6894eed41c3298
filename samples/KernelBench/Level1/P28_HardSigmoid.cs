using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 28: <c>F.hardsigmoid(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 28, "HardSigmoid", Note = "KernelBench draws torch.rand, where HardSigmoid is the linear map x / 6 + 1/2; inputs are uniform on [-4, 4) instead so both saturations are exercised.")]
[GenerateKernels]
public sealed partial class P28_HardSigmoid() : nn.Module<Tensor, Tensor>(nameof(P28_HardSigmoid))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P28_HardSigmoid>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => hardsigmoid(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Uniform(device, -4.0, 4.0, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P28_HardSigmoid Create() => new();
}
