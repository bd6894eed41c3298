using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 30: <c>hardtanh(group_norm(gemm(x)), -2, 2)</c> with 16 groups.</summary>
[KernelBenchProblem(2, 30, "Gemm_GroupNorm_Hardtanh")]
[GenerateKernels]
public sealed partial class P30_Gemm_GroupNorm_Hardtanh : Module<Tensor, Tensor>
{
    const double Eps = 1e-5;
    const long NumGroups = 16;
    const double HardtanhMin = -2.0;
    const double HardtanhMax = 2.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P30_Gemm_GroupNorm_Hardtanh>().Select(full: (1024L, 8192L, 8192L), reduced: (64L, 256L, 8192L));

    readonly Linear gemm;
    readonly GroupNorm group_norm;

    public P30_Gemm_GroupNorm_Hardtanh(long inFeatures, long outFeatures) : base(nameof(P30_Gemm_GroupNorm_Hardtanh))
    {
        gemm = Linear(inFeatures, outFeatures);
        group_norm = TorchSharpGroupNorm.Create(NumGroups, outFeatures, Eps);
        RegisterComponents();
    }

    // PyTorch's hardtanh(x, min, max) is clamp(x, min, max); TorchSharp 0.107's functional.hardtanh returns its input
    // unchanged (found by the PyTorch cross-check, docs/kernelbench.md), so the port spells it as clamp.
    [KernelReference]
    Tensor Reference(Tensor x) => clamp(GroupNormOf(group_norm, gemm.forward(x)), HardtanhMin, HardtanhMax);

    /// <summary>
    /// PyTorch's <c>nn.GroupNorm</c> on [batch, channels]: TorchSharp's module insists on 3+ dims, ATen's
    /// <c>group_norm</c> (which the module calls) does not, so the module's own affine parameters go through it.
    /// </summary>
    static Tensor GroupNormOf(GroupNorm norm, Tensor x) => group_norm(x, NumGroups, norm.weight, norm.bias, Eps);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P30_Gemm_GroupNorm_Hardtanh Create() => new(Size.In, Size.Out);
}
