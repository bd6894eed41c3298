using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 36: <c>x / sqrt(mean(x ** 2, dim=1, keepdim=True) + eps)</c> over the feature dim of [batch, features, d1, d2].</summary>
[KernelBenchProblem(1, 36, "RMSNorm_")]
[GenerateKernels]
public sealed partial class P36_RMSNorm() : nn.Module<Tensor, Tensor>(nameof(P36_RMSNorm))
{
    const double Eps = 1e-5;

    static readonly (long Batch, long Features, long Dim1, long Dim2) Size =
        KernelBenchSize.Of<P36_RMSNorm>().Select(full: (112L, 64L, 512L, 512L), reduced: (8L, 64L, 16L, 16L));

    [KernelReference]
    Tensor Reference(Tensor x) => x / sqrt(mean(x.pow(2), [1], keepdim: true) + Eps);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Features, Size.Dim1, Size.Dim2)];

    /// <remarks>KernelBench's get_init_inputs() passes num_features, which its forward never reads.</remarks>
    [KernelFactory]
    internal static P36_RMSNorm Create() => new();
}
