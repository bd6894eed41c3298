using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 1: <c>torch.matmul(A, B)</c> of two square matrices.</summary>
[KernelBenchProblem(1, 1, "Square_matrix_multiplication_")]
[GenerateKernels]
public sealed partial class P1_Square_matrix_multiplication() : nn.Module<Tensor, Tensor, Tensor>(nameof(P1_Square_matrix_multiplication))
{
    static readonly long N = KernelBenchSize.Of<P1_Square_matrix_multiplication>().Select(full: 2048L * 2, reduced: 256L);

    [KernelReference]
    Tensor Reference(Tensor a, Tensor b) => matmul(a, b);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, N, N), KernelBenchInputs.Rand(device, N, N)];

    [KernelFactory]
    internal static P1_Square_matrix_multiplication Create() => new();
}
