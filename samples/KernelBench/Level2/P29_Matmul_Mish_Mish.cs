using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 29: <c>mish(mish(linear(x)))</c>.</summary>
[KernelBenchProblem(2, 29, "Matmul_Mish_Mish")]
[GenerateKernels]
public sealed partial class P29_Matmul_Mish_Mish : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P29_Matmul_Mish_Mish>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear linear;

    public P29_Matmul_Mish_Mish(long inFeatures, long outFeatures) : base(nameof(P29_Matmul_Mish_Mish))
    {
        linear = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => mish(mish(linear.forward(x)));

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In)];

    [KernelFactory]
    internal static P29_Matmul_Mish_Mish Create() => new(Size.In, Size.Out);
}
