using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 56: <c>sum(sigmoid(linear(x)), dim=1, keepdim=True)</c>.</summary>
[KernelBenchProblem(2, 56, "Matmul_Sigmoid_Sum")]
[GenerateKernels]
public sealed partial class P56_Matmul_Sigmoid_Sum : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P56_Matmul_Sigmoid_Sum>().Select(full: (128L, 32768L, 32768L), reduced: (64L, 1024L, 1024L));

    readonly Linear linear;

    public P56_Matmul_Sigmoid_Sum(long inFeatures, long outFeatures) : base(nameof(P56_Matmul_Sigmoid_Sum))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => sum(torch.sigmoid(linear.forward(x)), [1], keepdim: true);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P56_Matmul_Sigmoid_Sum Create() => new(Size.In, Size.Out);
}
