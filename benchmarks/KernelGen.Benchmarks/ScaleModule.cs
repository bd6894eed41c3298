using KernelGen.Cpu;
using KernelGen.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KernelGen.Benchmarks;

/// <summary>y = x * weight, wired to a dispatcher exactly as generated code wires an annotated module.</summary>
sealed class ScaleModule : nn.Module<Tensor, Tensor>
{
    public const int Width = 64;

    static readonly KernelTable<ScaleModule> Table = new(
        "Benchmarks.ScaleModule", KernelBakeStatus.Baked, ["weight"],
        new CpuKernelVariant("scale", [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32,
            new ShapeDomain(
                [new SymbolRange("N", 1, 4096)],
                [[DimSpec.Of(0), DimSpec.Fixed(Width)], [DimSpec.Fixed(Width)]],
                [DimSpec.Of(0), DimSpec.Fixed(Width)]),
            static call => Kernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));

    public ScaleModule() : base(nameof(ScaleModule))
    {
        // Inference: no gradient, so autograd never sends the call to the reference.
        weight = nn.Parameter(rand(Width), requires_grad: false);
        RegisterComponents();
    }

    public readonly Parameter weight;

    public IKernelModuleInfo Info => Table;

    public override Tensor forward(Tensor x) => Table.Forward(this, x, static (m, a0) => m.Reference(a0));

    public KernelVariant? Decide(Tensor x) => Table.Decide(this, x);

    public Tensor Reference(Tensor x) => x * weight;

    public static void Kernel(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
    {
        var w = weight.Span;
        var input = x.Span;
        var result = output.Span;
        for (var i = 0; i < input.Length; i++) result[i] = input[i] * w[i % w.Length];
    }
}
