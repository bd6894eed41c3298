using static TorchSharp.torch;

namespace QuickStart.Demo;

/// <summary>The sample's annotated modules, each built by its [KernelFactory] with its [KernelInputs].</summary>
static class ModuleDemos
{
    public static IEnumerable<ModuleDemo> All()
    {
        yield return ModuleDemo.Create("QuickStart.RmsNorm", RmsNorm.Create, RmsNorm.Inputs,
            static (m, a) => m.forward(a[0]), static (m, a) => m.RunReference(a[0]));
        yield return ModuleDemo.Create("QuickStart.SwiGluGate", SwiGluGate.Create, SwiGluGate.Inputs,
            static (m, a) => m.forward(a[0], a[1]), static (m, a) => m.RunReference(a[0], a[1]));
        yield return ModuleDemo.Create("QuickStart.RotaryEmbedding", RotaryEmbedding.Create, RotaryEmbedding.Inputs,
            static (m, a) => m.forward(a[0], a[1], a[2]), static (m, a) => m.RunReference(a[0], a[1], a[2]));
    }
}
