using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KernelGen.Engine.Tests.Fixtures;

// The source generator is not wired into this project, so [KernelModule] is written by hand and forward calls the
// reference directly. Sizes are small so that a whole verification takes a second or two.

/// <summary>RMSNorm over the last dim, with a weight: x [48, 64], weight [64].</summary>
[KernelModule("1111111111111111111111111111111111111111111111111111111111111111", "test RMSNorm")]
public sealed class TestRmsNorm : nn.Module<Tensor, Tensor>
{
    public const int Width = 64;
    const double Eps = 1e-6;

    // Named like PyTorch's attribute: RegisterComponents registers fields by name.
    readonly Parameter weight;

    TestRmsNorm() : base(nameof(TestRmsNorm))
    {
        weight = nn.Parameter(ones(Width));
        RegisterComponents();
    }

    [KernelFactory]
    static TestRmsNorm Create() => new();

    public override Tensor forward(Tensor x) => Reference(x);

    [KernelReference]
    Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;

    [KernelInputs]
    static Tensor[] Inputs(Device device) => [randn(48, Width, device: device)];
}

/// <summary>Elementwise x·σ(x)·y with no state: x, y [33, 40], so both dims become symbols.</summary>
[KernelModule("2222222222222222222222222222222222222222222222222222222222222222", "test SiluMul")]
public sealed class TestSiluMul : nn.Module<Tensor, Tensor, Tensor>
{
    public TestSiluMul() : base(nameof(TestSiluMul)) { }

    public override Tensor forward(Tensor x, Tensor y) => Reference(x, y);

    [KernelReference]
    Tensor Reference(Tensor x, Tensor y) => x * sigmoid(x) * y;

    [KernelInputs]
    static Tensor[] Inputs(Device device) => [randn(33, 40, device: device), randn(33, 40, device: device)];
}

/// <summary>
/// Row-wise argmax: float32 in, int64 out (mixed dtypes; integer outputs must match exactly). PyTorch returns the
/// first maximal index, and treats NaN as the maximum: a kernel must reproduce both.
/// </summary>
[KernelModule("3333333333333333333333333333333333333333333333333333333333333333", "test ArgMax")]
public sealed class TestArgMax : nn.Module<Tensor, Tensor>
{
    public TestArgMax() : base(nameof(TestArgMax)) { }

    public override Tensor forward(Tensor x) => Reference(x);

    [KernelReference]
    Tensor Reference(Tensor x) => x.argmax(-1);

    [KernelInputs]
    static Tensor[] Inputs(Device device) => [randn(24, 100, device: device)];
}
