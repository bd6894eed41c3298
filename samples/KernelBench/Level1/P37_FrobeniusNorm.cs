using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 37: <c>x / torch.norm(x, p='fro')</c>, the norm over the whole tensor.</summary>
[KernelBenchProblem(1, 37, "FrobeniusNorm_", Note = "Outputs are inherently small (each element is divided by the norm of the whole tensor): the degenerate-output detector flags them as tiny at every size. KernelGen's relative error metric is unaffected; KernelBench's atol=1e-2 would accept zeros here.")]
[GenerateKernels]
public sealed partial class P37_FrobeniusNorm() : nn.Module<Tensor, Tensor>(nameof(P37_FrobeniusNorm))
{
    static readonly (long Batch, long Features, long Dim1, long Dim2) Size =
        KernelBenchSize.Of<P37_FrobeniusNorm>().Select(full: (112L, 64L, 512L, 512L), reduced: (8L, 64L, 16L, 16L));

    [KernelReference]
    Tensor Reference(Tensor x) => x / x.norm();

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Features, Size.Dim1, Size.Dim2)];

    [KernelFactory]
    internal static P37_FrobeniusNorm Create() => new();
}
