using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 89: <c>torch.cumsum(x, dim=1)</c>.</summary>
[KernelBenchProblem(1, 89, "cumsum")]
[GenerateKernels]
public sealed partial class P89_cumsum() : nn.Module<Tensor, Tensor>(nameof(P89_cumsum))
{
    /// <summary>get_init_inputs()'s dim: configuration, so a const.</summary>
    const long Dim = 1;

    static readonly (long Rows, long Cols) Size = KernelBenchSize.Of<P89_cumsum>().Select(full: (32768L, 32768L), reduced: (64L, 4096L));

    [KernelReference]
    Tensor Reference(Tensor x) => cumsum(x, Dim);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Rows, Size.Cols)];

    [KernelFactory]
    internal static P89_cumsum Create() => new();
}
