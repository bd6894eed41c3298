using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 81: <c>clamp(tanh(clamp(y * sigmoid(y) / 2, -1, 1)), -1, 1)</c>, <c>y = gemm(x)</c>.</summary>
[KernelBenchProblem(2, 81, "Gemm_Swish_Divide_Clamp_Tanh_Clamp", Note = "With KernelBench's inputs (torch.rand) and nn.Linear's default init the GEMM's outputs have a standard deviation of about 0.33, so the first clamp to [-1, 1] is never active (swish(y) / 2 stays within about [-0.14, 0.6]). Inputs are uniform on [0, 6) instead (a 6x wider torch.rand), which gives the GEMM outputs a standard deviation of about 2. The second clamp follows a tanh and is the identity for every input.")]
[GenerateKernels]
public sealed partial class P81_Gemm_Swish_Divide_Clamp_Tanh_Clamp : Module<Tensor, Tensor>
{
    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P81_Gemm_Swish_Divide_Clamp_Tanh_Clamp>().Select(full: (1024L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear gemm;

    public P81_Gemm_Swish_Divide_Clamp_Tanh_Clamp(long inFeatures, long outFeatures) : base(nameof(P81_Gemm_Swish_Divide_Clamp_Tanh_Clamp))
    {
        gemm = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var y = gemm.forward(x);
        y = clamp(y * torch.sigmoid(y) / 2.0, -1.0, 1.0);
        return clamp(tanh(y), -1.0, 1.0);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In) * 6.0];

    [KernelFactory]
    internal static P81_Gemm_Swish_Divide_Clamp_Tanh_Clamp Create() => new(Size.In, Size.Out);
}
