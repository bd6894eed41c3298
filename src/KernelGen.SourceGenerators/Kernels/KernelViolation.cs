using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Kernels;

/// <summary>A kernel ABI rule a kernel file breaks (KG0007), and where in the file.</summary>
internal sealed record KernelViolation(string Message, TextSpan Span);
