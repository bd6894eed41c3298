using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 59: <c>y * sigmoid(y) * 2.0</c>, <c>y = matmul(x)</c>.</summary>
[KernelBenchProblem(2, 59, "Matmul_Swish_Scaling")]
[GenerateKernels]
public sealed partial class P59_Matmul_Swish_Scaling : Module<Tensor, Tensor>
{
    const double ScalingFactor = 2.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P59_Matmul_Swish_Scaling>().Select(full: (128L, 32768L, 32768L), reduced: (64L, 1024L, 1024L));

    readonly Linear matmul;

    public P59_Matmul_Swish_Scaling(long inFeatures, long outFeatures) : base(nameof(P59_Matmul_Swish_Scaling))
    {
        matmul = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = matmul.forward(x);
        return y * torch.sigmoid(y) * ScalingFactor;
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P59_Matmul_Swish_Scaling Create() => new(Size.In, Size.Out);
}
