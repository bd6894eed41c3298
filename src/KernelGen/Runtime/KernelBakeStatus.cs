namespace KernelGen.Runtime;

/// <summary>What the source generator found for a module when the app was built.</summary>
public enum KernelBakeStatus
{
    /// <summary>No lock file: the module runs its reference (KG0001).</summary>
    NoKernels,

    /// <summary>The reference changed after the kernels were verified: they were not baked (KG0002).</summary>
    Stale,

    /// <summary>The lock has verified variants, but none measured faster than the reference: none was baked.</summary>
    NoneSelected,

    /// <summary>At least one verified, selected variant is baked in.</summary>
    Baked,
}
