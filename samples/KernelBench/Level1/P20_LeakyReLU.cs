using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 20: <c>F.leaky_relu(x, negative_slope=0.01)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 20, "LeakyReLU", Note = "KernelBench draws torch.rand (all non-negative), where LeakyReLU is the identity; inputs are uniform on [-1, 1) instead.")]
[GenerateKernels]
public sealed partial class P20_LeakyReLU() : nn.Module<Tensor, Tensor>(nameof(P20_LeakyReLU))
{
    const double NegativeSlope = 0.01;

    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P20_LeakyReLU>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => leaky_relu(x, NegativeSlope);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Uniform(device, -1.0, 1.0, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P20_LeakyReLU Create() => new();
}
