using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Diagnostics;

/// <summary>
/// Every diagnostic KernelGen's generator reports. The ids are a public contract (docs/diagnostics.md); each message
/// names the module and the file concerned, and each help link opens that id's own section of the docs.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/kernelgen/kernelgen/blob/main/docs/diagnostics.md";

    const string Category = "KernelGen";

    /// <summary>{0} module, {1} lock file, {2} why nothing is baked.</summary>
    public static readonly DiagnosticDescriptor NoVerifiedKernel = Create(
        "KG0001",
        "Module has no verified kernel",
        "Module '{0}' has no verified kernel to bake from '{1}': {2}; it runs its reference implementation",
        DiagnosticSeverity.Info);

    /// <summary>{0} module, {1} lock file, {2} lock fingerprint, {3} module fingerprint.</summary>
    public static readonly DiagnosticDescriptor StaleKernels = Create(
        "KG0002",
        "Kernels are stale",
        "The kernels of module '{0}' in '{1}' are stale: they were verified for fingerprint {2} but the module's fingerprint is now {3}. " +
        "Nothing is baked and the reference runs. Run 'kernelgen generate' to regenerate them, or 'kernelgen verify' to re-verify the existing ones.",
        DiagnosticSeverity.Warning);

    /// <summary>{0} module, {1} kernel file, {2} what is wrong with it.</summary>
    public static readonly DiagnosticDescriptor KernelFileMismatch = Create(
        "KG0003",
        "Kernel file does not match the lock",
        "Kernel file '{1}' of module '{0}' {2}. Nothing is baked for the module; restore the file or run 'kernelgen generate' to regenerate it.",
        DiagnosticSeverity.Error);

    /// <summary>{0} module, {1} lock file, {2} what is malformed.</summary>
    public static readonly DiagnosticDescriptor MalformedLockFile = Create(
        "KG0004",
        "Malformed lock file",
        "Lock file '{1}' of module '{0}' is malformed: {2}. Nothing is baked for the module.",
        DiagnosticSeverity.Error);

    /// <summary>{0} module, {1} source file, {2} what is unsupported.</summary>
    public static readonly DiagnosticDescriptor UnsupportedModule = Create(
        "KG0005",
        "Annotated type is not a supported kernel module",
        "Module '{0}' in '{1}' cannot have kernels generated: {2}",
        DiagnosticSeverity.Error);

    /// <summary>{0} module, {1} source file, {2} the member the reference reads.</summary>
    public static readonly DiagnosticDescriptor InstanceConfiguration = Create(
        "KG0006",
        "Reference reads instance configuration",
        "The reference of module '{0}' in '{1}' reads '{2}', configuration that kernels cannot see because they receive only tensors. " +
        "Make it a const of the module so it is part of the fingerprint. The module runs its reference until then.",
        DiagnosticSeverity.Warning);

    /// <summary>{0} module, {1} kernel file, {2} the ABI rule broken.</summary>
    public static readonly DiagnosticDescriptor KernelBreaksAbi = Create(
        "KG0007",
        "Kernel file breaks the kernel ABI",
        "Kernel file '{1}' of module '{0}' breaks the kernel ABI: {2}. Nothing is baked for the module.",
        DiagnosticSeverity.Error);

    static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + "#" + id.ToLowerInvariant());
}
