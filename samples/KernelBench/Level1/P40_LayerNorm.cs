using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KernelBench.Level1;

/// <summary>KernelBench level 1, problem 40: <c>nn.LayerNorm((features, dim1, dim2))</c> over [batch, features, dim1, dim2] (eps 1e-5, affine).</summary>
[KernelBenchProblem(1, 40, "LayerNorm")]
[GenerateKernels]
public sealed partial class P40_LayerNorm : nn.Module<Tensor, Tensor>
{
    static readonly (long Batch, long Features, long Dim1, long Dim2) Size =
        KernelBenchSize.Of<P40_LayerNorm>().Select(full: (16L, 64L, 256L, 256L), reduced: (4L, 16L, 32L, 32L));

    readonly LayerNorm ln;

    public P40_LayerNorm(long[] normalizedShape) : base(nameof(P40_LayerNorm))
    {
        ln = nn.LayerNorm(normalizedShape);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => ln.forward(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Features, Size.Dim1, Size.Dim2)];

    [KernelFactory]
    internal static P40_LayerNorm Create() => new([Size.Features, Size.Dim1, Size.Dim2]);
}
