using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 26: <c>F.gelu(x) (exact, erf-based)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 26, "GELU_")]
[GenerateKernels]
public sealed partial class P26_GELU() : nn.Module<Tensor, Tensor>(nameof(P26_GELU))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P26_GELU>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => gelu(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P26_GELU Create() => new();
}
