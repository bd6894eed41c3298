using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 22: <c>y = clamp(2 * (2 * matmul(x)), -10, 10); z = logsumexp(y, dim=1, keepdim=True); z * mish(z)</c>.</summary>
[KernelBenchProblem(2, 22, "Matmul_Scale_ResidualAdd_Clamp_LogSumExp_Mish", Note = "With KernelBench's inputs (torch.rand) and nn.Linear's default init the GEMM's outputs have a standard deviation of about 0.33, so the clamp to [-10, 10] is never active (4 × matmul(x) stays within about ±3). Inputs are uniform on [0, 6) instead (a 6x wider torch.rand), which gives the GEMM outputs a standard deviation of about 2.")]
[GenerateKernels]
public sealed partial class P22_Matmul_Scale_ResidualAdd_Clamp_LogSumExp_Mish : Module<Tensor, Tensor>
{
    const double ScaleFactor = 2.0;
    const double ClampMin = -10.0;
    const double ClampMax = 10.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P22_Matmul_Scale_ResidualAdd_Clamp_LogSumExp_Mish>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear matmul;

    public P22_Matmul_Scale_ResidualAdd_Clamp_LogSumExp_Mish(long inputSize, long hiddenSize) : base(nameof(P22_Matmul_Scale_ResidualAdd_Clamp_LogSumExp_Mish))
    {
        matmul = Linear(inputSize, hiddenSize);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = matmul.forward(x) * ScaleFactor;
        y = y + y;
        var z = logsumexp(clamp(y, ClampMin, ClampMax), 1, keepdim: true);
        return z * mish(z);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In) * 6.0];

    [KernelFactory]
    internal static P22_Matmul_Scale_ResidualAdd_Clamp_LogSumExp_Mish Create() => new(Size.In, Size.Out);
}
