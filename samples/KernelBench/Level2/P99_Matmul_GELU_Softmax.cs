using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 99: <c>softmax(gelu(linear(x)), dim=1)</c>.</summary>
[KernelBenchProblem(2, 99, "Matmul_GELU_Softmax", Note = "Outputs are inherently small (softmax over the feature dim: about 1 / out_features each): the degenerate-output detector flags them as tiny at every size. KernelGen's relative error metric is unaffected; KernelBench's atol=1e-2 would accept zeros at the full size.")]
[GenerateKernels]
public sealed partial class P99_Matmul_GELU_Softmax : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P99_Matmul_GELU_Softmax>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear linear;

    public P99_Matmul_GELU_Softmax(long inFeatures, long outFeatures) : base(nameof(P99_Matmul_GELU_Softmax))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => softmax(gelu(linear.forward(x)), 1);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P99_Matmul_GELU_Softmax Create() => new(Size.In, Size.Out);
}
