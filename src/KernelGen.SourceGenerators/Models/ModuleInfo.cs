using KernelGen.SourceGenerators.Diagnostics;
using KernelGen.SourceGenerators.Helpers;

namespace KernelGen.SourceGenerators.Models;

/// <summary>What the generator needs to know about one annotated module, read once from its symbol and syntax.</summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="Name">The type's name as declared.</param>
/// <param name="FullName">Namespace and name, as in <c>kernels/&lt;Namespace.Module&gt;/</c> and the lock's <c>module</c>.</param>
/// <param name="Fingerprint">The reference fingerprint (docs/kernel-abi.md, "Hashes").</param>
/// <param name="Source">The declarations the user wrote, in fingerprint order.</param>
/// <param name="ReferenceName">The <c>[KernelReference]</c> method's name.</param>
/// <param name="ParameterNames">The reference's parameter names, which <c>forward</c> reuses.</param>
/// <param name="DeclaresStaticConstructor">The user wrote a static constructor, so the generator must not.</param>
/// <param name="ReadsInstanceConfiguration">The reference reads configuration kernels cannot see (KG0006): no kernels.</param>
/// <param name="Location">The type's identifier, for diagnostics about the module as a whole.</param>
internal sealed record ModuleInfo(
    string Namespace,
    string Name,
    string FullName,
    string Fingerprint,
    string Source,
    string ReferenceName,
    EquatableArray<string> ParameterNames,
    bool DeclaresStaticConstructor,
    bool ReadsInstanceConfiguration,
    LocationInfo Location);

/// <summary>The result of reading one annotated type: a module unless KG0005 fired, and its diagnostics.</summary>
internal sealed record ModuleParseResult(ModuleInfo? Module, EquatableArray<DiagnosticInfo> Diagnostics);
