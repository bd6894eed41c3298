using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 45: <c>logsumexp(linear2(sigmoid(linear1(x))), dim=1)</c>.</summary>
[KernelBenchProblem(2, 45, "Gemm_Sigmoid_LogSumExp")]
[GenerateKernels]
public sealed partial class P45_Gemm_Sigmoid_LogSumExp : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Hidden, long Out) Size = KernelBenchSize.Of<P45_Gemm_Sigmoid_LogSumExp>().Select(full: (16384L, 2048L, 4096L, 1024L), reduced: (128L, 256L, 512L, 256L));

    readonly Linear linear1;
    readonly Linear linear2;

    public P45_Gemm_Sigmoid_LogSumExp(long inputSize, long hiddenSize, long outputSize) : base(nameof(P45_Gemm_Sigmoid_LogSumExp))
    {
        linear1 = Linear(inputSize, hiddenSize);
        linear2 = Linear(hiddenSize, outputSize);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => logsumexp(linear2.forward(torch.sigmoid(linear1.forward(x))), 1);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P45_Gemm_Sigmoid_LogSumExp Create() => new(Size.In, Size.Hidden, Size.Out);
}
