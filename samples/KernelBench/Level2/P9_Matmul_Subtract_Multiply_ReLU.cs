using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 9: <c>relu((linear(x) - 2.0) * 1.5)</c>.</summary>
[KernelBenchProblem(2, 9, "Matmul_Subtract_Multiply_ReLU", Note = "With KernelBench's inputs (torch.rand) and nn.Linear's default init the GEMM's outputs have a standard deviation of about 0.33, so linear(x) - 2 is negative for every element and the output is all zeros (constant). Inputs are uniform on [0, 6) instead (a 6x wider torch.rand), which gives the GEMM outputs a standard deviation of about 2.")]
[GenerateKernels]
public sealed partial class P9_Matmul_Subtract_Multiply_ReLU : Module<Tensor, Tensor>
{
    const double SubtractValue = 2.0;
    const double MultiplyValue = 1.5;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P9_Matmul_Subtract_Multiply_ReLU>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear linear;

    public P9_Matmul_Subtract_Multiply_ReLU(long inFeatures, long outFeatures) : base(nameof(P9_Matmul_Subtract_Multiply_ReLU))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => relu((linear.forward(x) - SubtractValue) * MultiplyValue);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In) * 6.0];

    [KernelFactory]
    internal static P9_Matmul_Subtract_Multiply_ReLU Create() => new(Size.In, Size.Out);
}
