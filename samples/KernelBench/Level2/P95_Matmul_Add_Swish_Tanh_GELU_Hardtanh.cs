using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 95: <c>hardtanh(gelu(tanh(swish(matmul(x) + add_value))), -1, 1)</c>, randn add_value [out].</summary>
[KernelBenchProblem(2, 95, "Matmul_Add_Swish_Tanh_GELU_Hardtanh", Note = "The final hardtanh(-1, 1) is the identity for every input (gelu(tanh(v)) lies in (-0.17, 0.85)); no input can exercise it, so it is kept as written.")]
[GenerateKernels]
public sealed partial class P95_Matmul_Add_Swish_Tanh_GELU_Hardtanh : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P95_Matmul_Add_Swish_Tanh_GELU_Hardtanh>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear matmul;
    readonly Parameter add_value;

    public P95_Matmul_Add_Swish_Tanh_GELU_Hardtanh(long inFeatures, long outFeatures) : base(nameof(P95_Matmul_Add_Swish_Tanh_GELU_Hardtanh))
    {
        matmul = Linear(inFeatures, outFeatures);
        add_value = Parameter(randn(outFeatures));
        RegisterComponents();
    }

    // PyTorch's hardtanh(x, min, max) is clamp(x, min, max); TorchSharp 0.107's functional.hardtanh returns its input
    // unchanged (found by the PyTorch cross-check, docs/kernelbench.md), so the port spells it as clamp.
    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = matmul.forward(x) + add_value;
        y = tanh(torch.sigmoid(y) * y);
        return clamp(gelu(y), -1.0, 1.0);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P95_Matmul_Add_Swish_Tanh_GELU_Hardtanh Create() => new(Size.In, Size.Out);
}
