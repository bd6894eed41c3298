using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level2;

/// <summary>KernelBench level 2, problem 53: <c>gelu(hardtanh(gemm(x) * 0.5, -2, 2))</c> (exact GELU).</summary>
[KernelBenchProblem(2, 53, "Gemm_Scaling_Hardtanh_GELU", Note = "With KernelBench's inputs (torch.rand) and nn.Linear's default init the GEMM's outputs have a standard deviation of about 0.33, so the hardtanh to [-2, 2] is never active (0.5 × gemm(x) stays within about ±0.7). Inputs are uniform on [0, 6) instead (a 6x wider torch.rand), which gives the GEMM outputs a standard deviation of about 2.")]
[GenerateKernels]
public sealed partial class P53_Gemm_Scaling_Hardtanh_GELU : Module<Tensor, Tensor>
{
    const double ScalingFactor = 0.5;
    const double HardtanhMin = -2.0;
    const double HardtanhMax = 2.0;

    static readonly (long Batch, long In, long Out) Size = KernelBenchSize.Of<P53_Gemm_Scaling_Hardtanh_GELU>().Select(full: (2048L, 8192L, 8192L), reduced: (128L, 512L, 512L));

    readonly Linear gemm;

    public P53_Gemm_Scaling_Hardtanh_GELU(long inFeatures, long outFeatures) : base(nameof(P53_Gemm_Scaling_Hardtanh_GELU))
    {
        gemm = Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    // PyTorch's hardtanh(x, min, max) is clamp(x, min, max); TorchSharp 0.107's functional.hardtanh returns its input
    // unchanged (found by the PyTorch cross-check, docs/kernelbench.md), so the port spells it as clamp.
    [KernelReference]
    Tensor Reference(Tensor x) => gelu(clamp(gemm.forward(x) * ScalingFactor, HardtanhMin, HardtanhMax));

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.In) * 6.0];

    [KernelFactory]
    internal static P53_Gemm_Scaling_Hardtanh_GELU Create() => new(Size.In, Size.Out);
}
