using Microsoft.CodeAnalysis;
using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Compilation;

/// <summary>
/// Checks a candidate against the CPU kernel ABI for a contract: one public static class with
/// <c>public static void Run(ReadOnlyTensorView&lt;T&gt;... inputs and state, TensorView&lt;T&gt; output)</c>.
/// </summary>
public static class KernelAbi
{
    /// <summary>The entry point (the class's full name), or the problem.</summary>
    public static AbiCheck Check(CompiledCandidate candidate, KernelContract contract)
    {
        var entryTypes = AllTypes(candidate.Compilation.Assembly.GlobalNamespace)
            .Where(t => t.ContainingType is null && t.DeclaredAccessibility == Accessibility.Public && t.IsStatic)
            .Where(t => t.GetMembers("Run").Any())
            .ToList();
        if (entryTypes.Count != 1)
            return AbiCheck.Fail($"expected exactly one public static class with a Run method, found {entryTypes.Count}");
        var type = entryTypes[0];
        var runs = type.GetMembers("Run").OfType<IMethodSymbol>().ToList();
        if (runs.Count != 1) return AbiCheck.Fail($"{type.Name} must declare exactly one Run method, found {runs.Count}");
        var run = runs[0];
        if (run.DeclaredAccessibility != Accessibility.Public || !run.IsStatic || !run.ReturnsVoid || run.IsGenericMethod)
            return AbiCheck.Fail($"{type.Name}.Run must be 'public static void' and not generic");

        var expected = contract.Inputs.Concat(contract.State)
            .Select(t => (Name: t.Name!, View: "ReadOnlyTensorView", t.Dtype))
            .Append((Name: "output", View: "TensorView", contract.Output.Dtype))
            .ToList();
        if (run.Parameters.Length != expected.Count)
            return AbiCheck.Fail($"{type.Name}.Run takes {run.Parameters.Length} parameters; the contract needs {expected.Count}: " +
                string.Join(", ", expected.Select(e => $"{e.View}<{ElementTypeName(e.Dtype)}> {e.Name}")));
        for (var i = 0; i < expected.Count; i++)
        {
            var parameter = run.Parameters[i];
            var (name, view, dtype) = expected[i];
            var wanted = $"KernelGen.Cpu.{view}<{ElementTypeName(dtype)}>";
            if (parameter.RefKind != RefKind.None || parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted).WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.None)) != wanted)
                return AbiCheck.Fail($"parameter {i + 1} ('{parameter.Name}', for '{name}' {dtype}) must be {wanted}, found {parameter.Type.ToDisplayString()}");
        }
        return new AbiCheck(type.ToDisplayString(), null);
    }

    /// <summary>The C# element type a kernel uses for a contract dtype.</summary>
    public static string ElementTypeName(string dtype) => dtype switch
    {
        "float32" => "System.Single",
        "float64" => "System.Double",
        "float16" => "System.Half",
        "int32" => "System.Int32",
        "int64" => "System.Int64",
        "int16" => "System.Int16",
        "int8" => "System.SByte",
        "uint8" => "System.Byte",
        "bool" => "System.Boolean",
        _ => $"(unsupported dtype {dtype})",
    };

    static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns) =>
        ns.GetTypeMembers().Concat(ns.GetNamespaceMembers().SelectMany(AllTypes));
}

/// <summary>The result of <see cref="KernelAbi.Check"/>: the entry point's full type name, or the problem.</summary>
public sealed record AbiCheck(string? EntryPoint, string? Problem)
{
    internal static AbiCheck Fail(string problem) => new(null, problem);
}
