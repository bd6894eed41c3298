using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 23: <c>torch.softmax(x, dim=1)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 23, "Softmax", Note = "Outputs are inherently small (softmax over the row: about 1 / dim each): the degenerate-output detector flags them as tiny at every size. KernelGen's relative error metric is unaffected; KernelBench's atol=1e-2 would accept zeros.")]
[GenerateKernels]
public sealed partial class P23_Softmax() : nn.Module<Tensor, Tensor>(nameof(P23_Softmax))
{
    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P23_Softmax>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => softmax(x, 1);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P23_Softmax Create() => new();
}
