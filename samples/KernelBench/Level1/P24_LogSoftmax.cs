using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 24: <c>torch.log_softmax(x, dim=1)</c>, elementwise over a [rows, cols] tensor.</summary>
[KernelBenchProblem(1, 24, "LogSoftmax")]
[GenerateKernels]
public sealed partial class P24_LogSoftmax() : nn.Module<Tensor, Tensor>(nameof(P24_LogSoftmax))
{
    const long Dim = 1;

    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P24_LogSoftmax>().Select(full: (4096L, 393216L), reduced: (256L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => log_softmax(x, Dim);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P24_LogSoftmax Create() => new();
}
