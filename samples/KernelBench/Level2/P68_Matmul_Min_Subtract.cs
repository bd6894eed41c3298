using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 68: <c>min(linear(x), constant) - constant</c> with a scalar parameter constant = 2.0.</summary>
[KernelBenchProblem(2, 68, "Matmul_Min_Subtract", Note = "With KernelBench's inputs (torch.rand) and nn.Linear's default init the GEMM's outputs have a standard deviation of about 0.33, so min(linear(x), 2) is never below linear(x): the min is dead code and a kernel that drops it passes. Inputs are uniform on [0, 6) instead (a 6x wider torch.rand), which gives the GEMM outputs a standard deviation of about 2.")]
[GenerateKernels]
public sealed partial class P68_Matmul_Min_Subtract : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P68_Matmul_Min_Subtract>().Select(full: (128L, 16384L, 16384L), reduced: (64L, 1024L, 1024L));

    readonly Linear linear;
    readonly Parameter constant;

    public P68_Matmul_Min_Subtract(long inFeatures, long outFeatures, double constantValue) : base(nameof(P68_Matmul_Min_Subtract))
    {
        linear = Linear(inFeatures, outFeatures);
        constant = Parameter(tensor((float)constantValue));   // float32, as torch.tensor(2.0)
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => minimum(linear.forward(x), constant) - constant;

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In) * 6.0];

    [KernelFactory]
    internal static P68_Matmul_Min_Subtract Create() => new(Size.In, Size.Out, 2.0);
}
