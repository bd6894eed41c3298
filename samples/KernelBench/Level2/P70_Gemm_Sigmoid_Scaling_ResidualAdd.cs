using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 70: <c>sigmoid(y) * 2.0 + y</c>, <c>y = gemm(x)</c>.</summary>
[KernelBenchProblem(2, 70, "Gemm_Sigmoid_Scaling_ResidualAdd")]
[GenerateKernels]
public sealed partial class P70_Gemm_Sigmoid_Scaling_ResidualAdd : Module<Tensor, Tensor>
{
    const double ScalingFactor = 2.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P70_Gemm_Sigmoid_Scaling_ResidualAdd>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear gemm;

    public P70_Gemm_Sigmoid_Scaling_ResidualAdd(long inFeatures, long outFeatures) : base(nameof(P70_Gemm_Sigmoid_Scaling_ResidualAdd))
    {
        gemm = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = gemm.forward(x);
        return torch.sigmoid(y) * ScalingFactor + y;
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P70_Gemm_Sigmoid_Scaling_ResidualAdd Create() => new(Size.In, Size.Out);
}
