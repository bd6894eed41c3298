using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 88: <c>y = gn(gemm(x)); y = y * sigmoid(y) * w; y * sigmoid(y)</c>, 256 groups, randn multiply_weight [out].</summary>
[KernelBenchProblem(2, 88, "Gemm_GroupNorm_Swish_Multiply_Swish")]
[GenerateKernels]
public sealed partial class P88_Gemm_GroupNorm_Swish_Multiply_Swish : Module<Tensor, Tensor>
{
    const double Eps = 1e-5;
    const long NumGroups = 256;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P88_Gemm_GroupNorm_Swish_Multiply_Swish>().Select(full: (1024L, 8192L, 8192L), reduced: (64L, 256L, 8192L));

    readonly Linear gemm;
    readonly GroupNorm group_norm;
    readonly Parameter multiply_weight;

    public P88_Gemm_GroupNorm_Swish_Multiply_Swish(long inFeatures, long outFeatures) : base(nameof(P88_Gemm_GroupNorm_Swish_Multiply_Swish))
    {
        gemm = Linear(inFeatures, outFeatures);
        group_norm = TorchSharpGroupNorm.Create(NumGroups, outFeatures, Eps);
        multiply_weight = Parameter(randn(outFeatures));
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = GroupNormOf(group_norm, gemm.forward(x));
        y = y * torch.sigmoid(y) * multiply_weight;
        return y * torch.sigmoid(y);
    }

    /// <summary>
    /// PyTorch's <c>nn.GroupNorm</c> on [batch, channels]: TorchSharp's module insists on 3+ dims, ATen's
    /// <c>group_norm</c> (which the module calls) does not, so the module's own affine parameters go through it.
    /// </summary>
    static Tensor GroupNormOf(GroupNorm norm, Tensor x) => group_norm(x, NumGroups, norm.weight, norm.bias, Eps);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P88_Gemm_GroupNorm_Swish_Multiply_Swish Create() => new(Size.In, Size.Out);
}
