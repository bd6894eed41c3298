using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 88: <c>0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 88, "MinGPTNewGelu")]
[GenerateKernels]
public sealed partial class P88_MinGPTNewGelu() : nn.Module<Tensor, Tensor>(nameof(P88_MinGPTNewGelu))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P88_MinGPTNewGelu>().Select(full: (8192L, 8192L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => 0.5 * x * (1.0 + tanh(Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * pow(x, 3.0))));

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P88_MinGPTNewGelu Create() => new();
}
