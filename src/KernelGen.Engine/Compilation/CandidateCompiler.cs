using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using KernelGen.Cpu;

namespace KernelGen.Engine.Compilation;

/// <summary>
/// Compiles one kernel source file in memory, exactly as written: no implicit usings, so a file that compiles here
/// also compiles when the generator adds it unchanged to the user's app.
/// </summary>
public static class CandidateCompiler
{
    static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Parses and compiles <paramref name="source"/>; <paramref name="fileName"/> names the file in errors.</summary>
    /// <param name="assemblyName">A name unique per candidate, so several candidates can load into one process.</param>
    public static CompiledCandidate Compile(string source, string fileName, string assemblyName)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: fileName);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [tree],
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                // Unsafe code compiles so that the API policy can name it precisely; the policy then rejects it.
                allowUnsafe: true,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => CompilerError.From(d, fileName))
            .ToList();
        return new CompiledCandidate(compilation, tree, emitted.Success ? image.ToArray() : null, errors);
    }

    /// <summary>
    /// The shared framework's assemblies (so that a forbidden API resolves and the policy can name it rather than the
    /// compiler reporting an unknown type) and KernelGen.dll for the views. TorchSharp is deliberately absent.
    /// </summary>
    static ImmutableArray<MetadataReference> LoadReferences()
    {
        var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkFolder, StringComparison.Ordinal))
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"));
        return [.. trusted.Append(typeof(TensorView<>).Assembly.Location).Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}

/// <summary>The outcome of compiling one candidate.</summary>
/// <param name="AssemblyBytes">The assembly image, or null when <see cref="Errors"/> is not empty.</param>
public sealed record CompiledCandidate(CSharpCompilation Compilation, SyntaxTree Tree, byte[]? AssemblyBytes, IReadOnlyList<CompilerError> Errors)
{
    public bool Succeeded => AssemblyBytes is not null;
}

/// <summary>A compiler error with its place in the kernel file (1-based line and column).</summary>
public sealed record CompilerError(string Id, string File, int Line, int Column, string Message)
{
    internal static CompilerError From(Diagnostic diagnostic, string fileName)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new CompilerError(diagnostic.Id, fileName, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"{File}({Line},{Column}): error {Id}: {Message}";
}
