namespace KernelGen;

/// <summary>
/// Marks a partial TorchSharp module whose <c>forward</c> KernelGen generates: it dispatches to the fastest
/// verified kernel baked from <c>kernels/&lt;Namespace.Module&gt;/</c> and falls back to the
/// <see cref="KernelReferenceAttribute">reference</see> everywhere else.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GenerateKernelsAttribute : Attribute;
