using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 14: <c>sum(matmul(x, weight.T) / 2, dim=1, keepdim=True) * 1.5</c> with a randn weight [hidden, input].</summary>
[KernelBenchProblem(2, 14, "Gemm_Divide_Sum_Scaling")]
[GenerateKernels]
public sealed partial class P14_Gemm_Divide_Sum_Scaling : Module<Tensor, Tensor>
{
    const double ScalingFactor = 1.5;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P14_Gemm_Divide_Sum_Scaling>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 1024L, 2048L));

    readonly Parameter weight;

    public P14_Gemm_Divide_Sum_Scaling(long inputSize, long hiddenSize) : base(nameof(P14_Gemm_Divide_Sum_Scaling))
    {
        weight = Parameter(randn(hiddenSize, inputSize));
        RegisterComponents();
    }

    [KernelReference]
    // torch.matmul of two matrices is torch.mm; mm is spelled out because TorchSharp 0.107's matmul does not catch
    // LibTorch's shape error (the process terminates), and the engine probes references with mismatched shapes.
    Tensor Reference(Tensor x) => sum(mm(x, weight.T) / 2, [1], keepdim: true) * ScalingFactor;

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P14_Gemm_Divide_Sum_Scaling Create() => new(Size.In, Size.Out);
}
