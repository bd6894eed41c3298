using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 37: <c>group_norm(sigmoid(y) * y + bias)</c>, <c>y = matmul(x)</c>, 64 groups.</summary>
[KernelBenchProblem(2, 37, "Matmul_Swish_Sum_GroupNorm")]
[GenerateKernels]
public sealed partial class P37_Matmul_Swish_Sum_GroupNorm : Module<Tensor, Tensor>
{
    const double Eps = 1e-5;
    const long NumGroups = 64;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P37_Matmul_Swish_Sum_GroupNorm>().Select(full: (32768L, 1024L, 4096L), reduced: (128L, 256L, 4096L));

    readonly Linear matmul;
    readonly Parameter bias;
    readonly GroupNorm group_norm;

    public P37_Matmul_Swish_Sum_GroupNorm(long inFeatures, long outFeatures) : base(nameof(P37_Matmul_Swish_Sum_GroupNorm))
    {
        matmul = Linear(inFeatures, outFeatures);
        bias = Parameter(randn(outFeatures));
        group_norm = TorchSharpGroupNorm.Create(NumGroups, outFeatures, Eps);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = matmul.forward(x);
        return GroupNormOf(group_norm, torch.sigmoid(y) * y + bias);
    }

    /// <summary>
    /// PyTorch's <c>nn.GroupNorm</c> on [batch, channels]: TorchSharp's module insists on 3+ dims, ATen's
    /// <c>group_norm</c> (which the module calls) does not, so the module's own affine parameters go through it.
    /// </summary>
    static Tensor GroupNormOf(GroupNorm norm, Tensor x) => group_norm(x, NumGroups, norm.weight, norm.bias, Eps);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P37_Matmul_Swish_Sum_GroupNorm Create() => new(Size.In, Size.Out);
}
