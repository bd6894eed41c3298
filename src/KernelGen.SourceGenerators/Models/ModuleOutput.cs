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
/// A verified, selected variant to bake, with everything its CpuKernelVariant or CudaKernelVariant construction
/// needs. ArgumentTypes are the dtypes of the inputs, then of the module state. CudaSource is the text of a CUDA
/// variant's kernel file (null for CPU variants, whose file is compiled with the module instead); MetalSource
/// likewise for a Metal variant, and MetalLibraryBase64 its precompiled metallib when one matching the file is in the
/// cache (docs/metal.md).
/// </summary>
internal sealed record BakedVariant(
    string Id,
    string Backend,
    string EntryPoint,
    EquatableArray<TensorDtype> ArgumentTypes,
    TensorDtype OutputType,
    ShapeDomainModel Domain,
    string? CudaSource,
    string? MetalSource = null,
    string? MetalLibraryBase64 = null);

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
