using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KernelBench.Level2;

/// <summary>
/// KernelBench level 2, problem 18: <c>linear(x)</c>, then <c>sum(dim=1, keepdim)</c>, <c>max(dim=1, keepdim)</c>,
/// <c>mean(dim=1, keepdim)</c> and two <c>logsumexp(dim=1, keepdim)</c>; every op after the sum reduces a dim of size 1.
/// </summary>
[KernelBenchProblem(2, 18, "Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp")]
[GenerateKernels]
public sealed partial class P18_Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P18_Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 1024L, 2048L));

    readonly Linear linear;

    public P18_Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp(long inFeatures, long outFeatures) : base(nameof(P18_Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = sum(linear.forward(x), [1], keepdim: true);
        y = y.max(1, keepdim: true).values;
        y = mean(y, [1], keepdim: true);
        y = logsumexp(y, 1, keepdim: true);
        return logsumexp(y, 1, keepdim: true);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P18_Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp Create() => new(Size.In, Size.Out);
}
