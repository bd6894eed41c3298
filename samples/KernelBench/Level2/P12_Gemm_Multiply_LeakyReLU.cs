using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 12: <c>leaky_relu(gemm(x) * 2.0, negative_slope=0.1)</c>.</summary>
[KernelBenchProblem(2, 12, "Gemm_Multiply_LeakyReLU")]
[GenerateKernels]
public sealed partial class P12_Gemm_Multiply_LeakyReLU : Module<Tensor, Tensor>
{
    const double Multiplier = 2.0;
    const double NegativeSlope = 0.1;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P12_Gemm_Multiply_LeakyReLU>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear gemm;

    public P12_Gemm_Multiply_LeakyReLU(long inFeatures, long outFeatures) : base(nameof(P12_Gemm_Multiply_LeakyReLU))
    {
        gemm = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => leaky_relu(gemm.forward(x) * Multiplier, NegativeSlope);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P12_Gemm_Multiply_LeakyReLU Create() => new(Size.In, Size.Out);
}
