using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 76: <c>relu(gemm(x) + bias)</c>, the GEMM without its own bias, a randn bias [out].</summary>
[KernelBenchProblem(2, 76, "Gemm_Add_ReLU")]
[GenerateKernels]
public sealed partial class P76_Gemm_Add_ReLU : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P76_Gemm_Add_ReLU>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear gemm;
    readonly Parameter bias;

    public P76_Gemm_Add_ReLU(long inFeatures, long outFeatures) : base(nameof(P76_Gemm_Add_ReLU))
    {
        gemm = Linear(inFeatures, outFeatures, hasBias: false);
        bias = Parameter(randn(outFeatures));
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => relu(gemm.forward(x) + bias);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P76_Gemm_Add_ReLU Create() => new(Size.In, Size.Out);
}
