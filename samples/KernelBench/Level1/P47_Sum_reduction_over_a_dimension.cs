using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 47: <c>torch.sum(x, dim=1, keepdim=True)</c> of [batch, dim1, dim2].</summary>
[KernelBenchProblem(1, 47, "Sum_reduction_over_a_dimension")]
[GenerateKernels]
public sealed partial class P47_Sum_reduction_over_a_dimension() : nn.Module<Tensor, Tensor>(nameof(P47_Sum_reduction_over_a_dimension))
{
    /// <summary>get_init_inputs()'s reduce_dim: configuration, so a const.</summary>
    const long ReduceDim = 1;

    static readonly (long Batch, long Dim1, long Dim2) Size = KernelBenchSize.Of<P47_Sum_reduction_over_a_dimension>().Select(full: (128L, 4096L, 4095L), reduced: (16L, 256L, 255L));

    [KernelReference]
    Tensor Reference(Tensor x) => sum(x, [ReduceDim], keepdim: true);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Dim1, Size.Dim2)];

    [KernelFactory]
    internal static P47_Sum_reduction_over_a_dimension Create() => new();
}
