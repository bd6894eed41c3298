using KernelGen;
using static TorchSharp.torch;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>
/// Softmax over a wide last dim, x [2, 8192]: its outputs average 1/8192 ≈ 1.2e-4 and stay below 1e-2, so an
/// all-zeros output is within KernelBench's atol of 1e-2 (its issue #165). Here to show that KernelGen's relative metric is not fooled, and that
/// the degenerate-output detector flags the problem.
/// </summary>
[KernelModule("3333333333333333333333333333333333333333333333333333333333333333", "test Softmax")]
public sealed class TestSoftmax : nn.Module<Tensor, Tensor>
{
    public const int Width = 8192;

    public TestSoftmax() : base(nameof(TestSoftmax)) { }

    public override Tensor forward(Tensor x) => Reference(x);

    [KernelReference]
    Tensor Reference(Tensor x) => softmax(x, -1);

    [KernelInputs]
    static Tensor[] Inputs(Device device) => [randn(2, Width, device: device)];
}
