using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Modules;

/// <summary>What the worker's <c>describe</c> verb reports for one annotated module.</summary>
/// <param name="Module">The module's full name.</param>
/// <param name="Fingerprint">The reference fingerprint from <see cref="KernelModuleAttribute"/>.</param>
/// <param name="Source">The module's source from <see cref="KernelModuleAttribute"/>.</param>
public sealed record ModuleDescription(string Module, string Fingerprint, string Source, KernelContract Contract);
