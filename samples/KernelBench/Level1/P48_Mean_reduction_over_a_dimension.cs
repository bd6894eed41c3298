using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 48: <c>torch.mean(x, dim=1)</c> of [batch, dim1, dim2].</summary>
[KernelBenchProblem(1, 48, "Mean_reduction_over_a_dimension")]
[GenerateKernels]
public sealed partial class P48_Mean_reduction_over_a_dimension() : nn.Module<Tensor, Tensor>(nameof(P48_Mean_reduction_over_a_dimension))
{
    /// <summary>get_init_inputs()'s dim: configuration, so a const.</summary>
    const long Dim = 1;

    static readonly (long Batch, long Dim1, long Dim2) Size = KernelBenchSize.Of<P48_Mean_reduction_over_a_dimension>().Select(full: (128L, 4096L, 4095L), reduced: (16L, 256L, 255L));

    [KernelReference]
    Tensor Reference(Tensor x) => mean(x, [Dim]);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Dim1, Size.Dim2)];

    [KernelFactory]
    internal static P48_Mean_reduction_over_a_dimension Create() => new();
}
