using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 86: <c>gelu(linear(x) / 10.0)</c> (exact GELU).</summary>
[KernelBenchProblem(2, 86, "Matmul_Divide_GELU")]
[GenerateKernels]
public sealed partial class P86_Matmul_Divide_GELU : Module<Tensor, Tensor>
{
    const double Divisor = 10.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P86_Matmul_Divide_GELU>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear linear;

    public P86_Matmul_Divide_GELU(long inFeatures, long outFeatures) : base(nameof(P86_Matmul_Divide_GELU))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => gelu(linear.forward(x) / Divisor);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P86_Matmul_Divide_GELU Create() => new(Size.In, Size.Out);
}
