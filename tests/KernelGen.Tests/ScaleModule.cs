using KernelGen.Cpu;
using KernelGen.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>A module wired to a dispatcher by hand, the way generated code wires annotated modules.</summary>
sealed class ScaleModule : nn.Module<Tensor, Tensor>
{
    public const int Width = 8;
    readonly KernelTable<ScaleModule> table;

    public ScaleModule(KernelTable<ScaleModule> table) : base(nameof(ScaleModule))
    {
        this.table = table;
        weightParameter = nn.Parameter(arange(1, Width + 1, dtype: ScalarType.Float32));
        RegisterComponents();
    }

    // A settable property over a field registered as "weight", the way TorchSharp's own Linear exposes its weight:
    // reassigning it registers the new tensor, and to(dtype) replaces it through the setter.
    [ComponentName(Name = "weight")]
    Parameter weightParameter;

    public Parameter weight
    {
        get => weightParameter;
        set
        {
            weightParameter = value;
            ConditionallyRegisterParameter("weight", value);
        }
    }

    public int ReferenceCalls { get; private set; }

    public IKernelModuleInfo Info => table;

    public override Tensor forward(Tensor x) => table.Forward(this, x, static (m, a0) => m.Reference(a0));

    Tensor Reference(Tensor x)
    {
        ReferenceCalls++;
        return x * weight;
    }

    /// <summary>x: [N, 8] with N from 1 to 64, weight: [8].</summary>
    public static ShapeDomain Domain { get; } = new(
        [new SymbolRange("N", 1, 64)],
        [[DimSpec.Of(0), DimSpec.Fixed(Width)], [DimSpec.Fixed(Width)]],
        [DimSpec.Of(0), DimSpec.Fixed(Width)]);

    public static KernelTable<ScaleModule> TableWith(string id, CpuKernelInvoker invoke) =>
        new("Tests.ScaleModule." + id, KernelBakeStatus.Baked, ["weight"],
            new CpuKernelVariant(id, [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32, Domain, invoke));

    /// <summary>A correct kernel: output[i, j] = x[i, j] * weight[j].</summary>
    public static void ScaleKernel(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
    {
        var w = weight.Span;
        var input = x.Span;
        var result = output.Span;
        for (var i = 0; i < input.Length; i++) result[i] = input[i] * w[i % w.Length];
    }
}
