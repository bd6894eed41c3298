namespace KernelGen;

/// <summary>
/// Marks the PyTorch-equivalent definition of an annotated module: the method every kernel must match.
/// Its parameters and return type are those of the module's <c>forward</c>; it stays callable.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelReferenceAttribute : Attribute;
