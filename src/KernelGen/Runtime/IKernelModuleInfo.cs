namespace KernelGen.Runtime;

/// <summary>What an annotated module has baked in and what its dispatcher has done in this process.</summary>
public interface IKernelModuleInfo
{
    /// <summary>The module's full name, as in <c>kernels/&lt;Namespace.Module&gt;/</c>.</summary>
    string ModuleName { get; }

    /// <summary>What the generator found at build time.</summary>
    KernelBakeStatus Status { get; }

    /// <summary>The baked variants in dispatch order.</summary>
    IReadOnlyList<KernelVariant> Variants { get; }

    /// <summary>The id of the variant that ran the latest call, or null when the reference ran it.</summary>
    string? LastVariant { get; }
}
