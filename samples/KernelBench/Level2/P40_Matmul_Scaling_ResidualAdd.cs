using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 40: <c>y * 0.5 + y.clone().detach()</c>, <c>y = matmul(x)</c>.</summary>
[KernelBenchProblem(2, 40, "Matmul_Scaling_ResidualAdd")]
[GenerateKernels]
public sealed partial class P40_Matmul_Scaling_ResidualAdd : Module<Tensor, Tensor>
{
    const double ScalingFactor = 0.5;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P40_Matmul_Scaling_ResidualAdd>().Select(full: (16384L, 4096L, 4096L), reduced: (128L, 512L, 512L));

    readonly Linear matmul;

    public P40_Matmul_Scaling_ResidualAdd(long inFeatures, long outFeatures) : base(nameof(P40_Matmul_Scaling_ResidualAdd))
    {
        matmul = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = matmul.forward(x);
        var original = y.clone().detach();
        return y * ScalingFactor + original;
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P40_Matmul_Scaling_ResidualAdd Create() => new(Size.In, Size.Out);
}
