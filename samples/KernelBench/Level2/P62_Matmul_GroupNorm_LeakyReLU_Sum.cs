using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 62: <c>y = leaky_relu(gn(fc(x)), 0.01); y + y</c>, 512 groups, eps 1e-5.</summary>
[KernelBenchProblem(2, 62, "Matmul_GroupNorm_LeakyReLU_Sum")]
[GenerateKernels]
public sealed partial class P62_Matmul_GroupNorm_LeakyReLU_Sum : Module<Tensor, Tensor>
{
    const long NumGroups = 512;
    const double Eps = 1e-5;
    const double NegativeSlope = 0.01;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P62_Matmul_GroupNorm_LeakyReLU_Sum>().Select(full: (1024L, 8192L, 8192L), reduced: (64L, 256L, 8192L));

    readonly Linear fc;
    readonly GroupNorm gn;

    public P62_Matmul_GroupNorm_LeakyReLU_Sum(long inputSize, long hiddenSize) : base(nameof(P62_Matmul_GroupNorm_LeakyReLU_Sum))
    {
        fc = Linear(inputSize, hiddenSize);
        gn = TorchSharpGroupNorm.Create(NumGroups, hiddenSize, Eps);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = leaky_relu(GroupNormOf(gn, fc.forward(x)), NegativeSlope);
        return y + y;
    }

    /// <summary>
    /// PyTorch's <c>nn.GroupNorm</c> on [batch, channels]: TorchSharp's module insists on 3+ dims, ATen's
    /// <c>group_norm</c> (which the module calls) does not, so the module's own affine parameters go through it.
    /// </summary>
    static Tensor GroupNormOf(GroupNorm norm, Tensor x) => group_norm(x, NumGroups, norm.weight, norm.bias, Eps);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P62_Matmul_GroupNorm_LeakyReLU_Sum Create() => new(Size.In, Size.Out);
}
