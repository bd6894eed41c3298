using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 63: <c>relu(linear(x)) / 2.0</c>.</summary>
[KernelBenchProblem(2, 63, "Gemm_ReLU_Divide")]
[GenerateKernels]
public sealed partial class P63_Gemm_ReLU_Divide : Module<Tensor, Tensor>
{
    const double Divisor = 2.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P63_Gemm_ReLU_Divide>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear linear;

    public P63_Gemm_ReLU_Divide(long inFeatures, long outFeatures) : base(nameof(P63_Gemm_ReLU_Divide))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => relu(linear.forward(x)) / Divisor;

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P63_Gemm_ReLU_Divide Create() => new(Size.In, Size.Out);
}
