using KernelGen.Engine.Cache;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Engine.Generation;

/// <summary>One parameter of a CPU kernel's <c>Run</c> method.</summary>
/// <param name="Name">A valid, unique C# parameter name derived from the tensor's name.</param>
/// <param name="Type">The C# type: <c>ReadOnlyTensorView&lt;T&gt;</c>, or <c>TensorView&lt;T&gt;</c> for the output.</param>
/// <param name="Role"><c>input</c>, <c>state</c> or <c>output</c>.</param>
/// <param name="Tensor">The contract's tensor.</param>
public sealed record RunParameter(string Name, string Type, string Role, TensorSpec Tensor);

/// <summary>The exact <c>Run</c> signature that the kernel ABI (docs/kernel-abi.md) requires for a contract.</summary>
public sealed record CpuRunSignature(IReadOnlyList<RunParameter> Parameters)
{
    /// <summary>
    /// Inputs, then state, each as <c>ReadOnlyTensorView&lt;T&gt;</c>, then the output as <c>TensorView&lt;T&gt;</c>.
    /// </summary>
    public static CpuRunSignature For(KernelPromptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var parameters = new List<RunParameter>();
        foreach (TensorSpec input in context.Inputs)
            parameters.Add(new(UniqueName(input.Name ?? "input", usedNames), $"ReadOnlyTensorView<{ElementType(input.Dtype)}>", "input", input));
        foreach (TensorSpec state in context.State)
            parameters.Add(new(UniqueName(state.Name ?? "state", usedNames), $"ReadOnlyTensorView<{ElementType(state.Dtype)}>", "state", state));
        parameters.Add(new(UniqueName("output", usedNames), $"TensorView<{ElementType(context.Output.Dtype)}>", "output", context.Output));
        return new CpuRunSignature(parameters);
    }

    /// <summary>The C# element type of a dtype, as the ABI maps it.</summary>
    /// <exception cref="ArgumentException">The dtype has no CPU element type.</exception>
    public static string ElementType(string dtype) => dtype.ToLowerInvariant() switch
    {
        "float32" or "float" => "float",
        "float64" or "double" => "double",
        "float16" or "half" => "Half",
        "int32" or "int" => "int",
        "int64" or "long" => "long",
        "int16" or "short" => "short",
        "int8" => "sbyte",
        "uint8" or "byte" => "byte",
        "bool" => "bool",
        _ => throw new ArgumentException($"dtype '{dtype}' has no CPU kernel element type", nameof(dtype)),
    };

    /// <summary>The declaration, such as <c>public static void Run(ReadOnlyTensorView&lt;float&gt; x, TensorView&lt;float&gt; output)</c>.</summary>
    public override string ToString() =>
        "public static void Run(" + string.Join(", ", Parameters.Select(p => $"{p.Type} {p.Name}")) + ")";

    // State names come from named_parameters() ("fc.weight") and may be C# keywords ("in"), so they are made into
    // identifiers, and numbered when two tensors would get the same name.
    static string UniqueName(string tensorName, HashSet<string> usedNames)
    {
        string identifier = ToIdentifier(tensorName);
        string candidate = identifier;
        for (int suffix = 2; !usedNames.Add(candidate); suffix++)
            candidate = identifier + suffix;
        return candidate;
    }

    /// <summary>A valid C# identifier for <paramref name="name"/>: other characters become <c>_</c>, keywords get <c>@</c>.</summary>
    internal static string ToIdentifier(string name)
    {
        var identifier = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
        if (identifier.Length == 0 || char.IsAsciiDigit(identifier[0]))
            identifier = "_" + identifier;
        return SyntaxFacts.GetKeywordKind(identifier) == SyntaxKind.None ? identifier : "@" + identifier;
    }
}
