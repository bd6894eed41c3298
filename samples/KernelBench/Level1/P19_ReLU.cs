using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 19: <c>torch.relu(x)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 19, "ReLU", Note = "KernelBench draws torch.rand (all non-negative), where ReLU is the identity and a copy kernel passes; inputs are uniform on [-1, 1) instead.")]
[GenerateKernels]
public sealed partial class P19_ReLU() : nn.Module<Tensor, Tensor>(nameof(P19_ReLU))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P19_ReLU>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => relu(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Uniform(device, -1.0, 1.0, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P19_ReLU Create() => new();
}
