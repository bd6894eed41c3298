using System.Collections.Generic;
using System.Linq;
using KernelGen.SourceGenerators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Kernels;

/// <summary>
/// Checks that a kernel file declares the entry point the lock names: a public static class with
/// <c>public static void Run(ReadOnlyTensorView&lt;T&gt; ..., TensorView&lt;T&gt; output)</c> whose views match the
/// contract's dtypes (docs/kernel-abi.md, "A CPU kernel file"). Generated code calls it by name, so a mismatch
/// would otherwise surface as a compiler error inside generated code.
/// </summary>
internal static class KernelEntryPoint
{
    const string RunMethod = "Run";
    const string InputView = "ReadOnlyTensorView";
    const string OutputView = "TensorView";

    /// <summary>
    /// Null when <paramref name="root"/> declares <paramref name="entryPoint"/> with a Run method taking views of
    /// <paramref name="argumentTypes"/> then an output view of <paramref name="outputType"/>; otherwise what is wrong.
    /// </summary>
    public static KernelViolation? Check(CompilationUnitSyntax root, string entryPoint, IReadOnlyList<TensorDtype> argumentTypes, TensorDtype outputType)
    {
        var expected = ExpectedSignature(argumentTypes, outputType);
        var type = TopLevelClasses(root.Members, "").FirstOrDefault(c => c.FullName == entryPoint).Class;
        if (type is null)
            return new KernelViolation($"it declares no class '{entryPoint}' (the lock's entryPoint); expected a public static class with {expected}", new TextSpan(0, 0));
        if (!type.Modifiers.Any(SyntaxKind.PublicKeyword) || !type.Modifiers.Any(SyntaxKind.StaticKeyword))
            return new KernelViolation($"entry point class '{entryPoint}' must be 'public static'", type.Identifier.Span);

        var runs = type.Members.OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.Text == RunMethod).ToList();
        if (runs.Count == 0)
            return new KernelViolation($"class '{entryPoint}' has no Run method; expected {expected}", type.Identifier.Span);
        if (runs.Any(run => Matches(run, argumentTypes, outputType))) return null;
        return new KernelViolation(
            $"no Run method of '{entryPoint}' has the signature the contract requires: {expected} (inputs, then module state, then the output)",
            runs[0].Identifier.Span);
    }

    static bool Matches(MethodDeclarationSyntax run, IReadOnlyList<TensorDtype> argumentTypes, TensorDtype outputType)
    {
        var parameters = run.ParameterList.Parameters;
        if (!run.Modifiers.Any(SyntaxKind.PublicKeyword)
            || !run.Modifiers.Any(SyntaxKind.StaticKeyword)
            || run.ReturnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            || run.TypeParameterList is not null
            || parameters.Count != argumentTypes.Count + 1
            || parameters.Any(p => p.Modifiers.Count > 0))
        {
            return false;
        }
        for (var i = 0; i < argumentTypes.Count; i++)
        {
            if (!IsView(parameters[i].Type, InputView, argumentTypes[i])) return false;
        }
        return IsView(parameters[argumentTypes.Count].Type, OutputView, outputType);
    }

    /// <summary>True for <c>View&lt;T&gt;</c> (optionally namespace-qualified) whose T is written as the dtype's element type.</summary>
    static bool IsView(TypeSyntax? type, string view, TensorDtype dtype)
    {
        var generic = type switch
        {
            GenericNameSyntax name => name,
            QualifiedNameSyntax { Right: GenericNameSyntax name } => name,
            AliasQualifiedNameSyntax { Name: GenericNameSyntax name } => name,
            _ => null,
        };
        return generic is not null
            && generic.Identifier.Text == view
            && generic.TypeArgumentList.Arguments.Count == 1
            && dtype.IsWrittenAs(generic.TypeArgumentList.Arguments[0].ToString());
    }

    static string ExpectedSignature(IReadOnlyList<TensorDtype> argumentTypes, TensorDtype outputType)
    {
        var parameters = argumentTypes.Select(t => $"{InputView}<{ElementTypeName(t)}>").Append($"{OutputView}<{ElementTypeName(outputType)}>");
        return $"'public static void {RunMethod}({string.Join(", ", parameters)})'";
    }

    static string ElementTypeName(TensorDtype dtype) => dtype.ElementType.Replace("global::System.", "");

    static IEnumerable<(string FullName, ClassDeclarationSyntax Class)> TopLevelClasses(SyntaxList<MemberDeclarationSyntax> members, string ns)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax declaration:
                    var inner = ns.Length == 0 ? declaration.Name.ToString() : ns + "." + declaration.Name;
                    foreach (var found in TopLevelClasses(declaration.Members, inner)) yield return found;
                    break;
                case ClassDeclarationSyntax type:
                    yield return (ns.Length == 0 ? type.Identifier.Text : ns + "." + type.Identifier.Text, type);
                    break;
            }
        }
    }
}
