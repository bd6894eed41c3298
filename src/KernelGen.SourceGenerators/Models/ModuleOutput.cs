using KernelGen.SourceGenerators.Diagnostics;
using KernelGen.SourceGenerators.Helpers;

namespace KernelGen.SourceGenerators.Models;

/// <summary>What the generator found for a module; mirrors KernelGen.Runtime.KernelBakeStatus member by member.</summary>
internal enum BakeStatus
{
    NoKernels,
    Stale,
    NoneSelected,
    Baked,
}

/// <summary>
/// A verified, selected CPU variant to bake, with everything its CpuKernelVariant construction needs.
/// ArgumentTypes are the dtypes of the inputs, then of the module state.
/// </summary>
internal sealed record BakedVariant(
    string Id,
    string EntryPoint,
    EquatableArray<TensorDtype> ArgumentTypes,
    TensorDtype OutputType,
    ShapeDomainModel Domain);

/// <summary>A kernel file added to the compilation unchanged.</summary>
internal sealed record KernelSource(string HintName, string Text);

/// <summary>Everything the emitter writes for one module; it holds no diagnostics, so they never invalidate the code.</summary>
internal sealed record ModuleOutput(
    ModuleInfo Module,
    BakeStatus Status,
    EquatableArray<string> StateNames,
    EquatableArray<BakedVariant> Variants,
    EquatableArray<KernelSource> KernelSources);

/// <summary>The outcome for one annotated type: code to emit (none when KG0005 fired) and the diagnostics.</summary>
internal sealed record BakePlan(ModuleOutput? Output, EquatableArray<DiagnosticInfo> Diagnostics);
