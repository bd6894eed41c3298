using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Engine.Compilation;

/// <summary>
/// The semantic allow-list of docs/kernel-abi.md. Every symbol the kernel names or calls implicitly (through the
/// semantic model and the operation tree) must belong to an allowed API; the unsafe constructs, P/Invoke and mutable
/// static state are rejected from the syntax. An allow-list rather than a deny-list, so a new framework API is
/// forbidden until someone decides otherwise.
/// </summary>
public static class KernelApiPolicy
{
    /// <summary>Every violation in <paramref name="candidate"/>, by line; empty when the kernel is acceptable.</summary>
    public static IReadOnlyList<PolicyViolation> Check(CompiledCandidate candidate)
    {
        var walker = new Walker(candidate.Compilation, candidate.Tree);
        walker.Run();
        return [.. walker.Violations.Distinct().OrderBy(v => v.Line).ThenBy(v => v.What, StringComparer.Ordinal)];
    }

    sealed class Walker(CSharpCompilation compilation, SyntaxTree tree)
    {
        readonly SemanticModel model = compilation.GetSemanticModel(tree);
        public List<PolicyViolation> Violations { get; } = [];

        public void Run()
        {
            var root = tree.GetRoot();
            foreach (var node in root.DescendantNodesAndSelf())
            {
                CheckSyntax(node);
                var symbolInfo = model.GetSymbolInfo(node);
                if (symbolInfo.Symbol is { } symbol) CheckSymbol(symbol, node);
                else foreach (var candidate in symbolInfo.CandidateSymbols) CheckSymbol(candidate, node);
                var typeInfo = model.GetTypeInfo(node);
                if (typeInfo.Type is { } type) CheckType(type, node);
                if (typeInfo.ConvertedType is { } converted) CheckType(converted, node);
                if (model.GetDeclaredSymbol(node) is { } declared) CheckDeclared(declared, node);
                if (model.GetOperation(node) is { } operation) CheckOperation(operation, node);
            }
        }

        void CheckSyntax(SyntaxNode node)
        {
            switch (node)
            {
                case UnsafeStatementSyntax:
                    Report("unsafe block", node, "unsafe code is not allowed");
                    break;
                case PointerTypeSyntax or FunctionPointerTypeSyntax:
                    Report(node.ToString(), node, "pointers are not allowed");
                    break;
                case FixedStatementSyntax:
                    Report("fixed", node, "'fixed' pins memory for pointers and is not allowed");
                    break;
                case LockStatementSyntax:
                    Report("lock", node, "synchronisation other than Parallel is not allowed");
                    break;
                case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                    Report(node.ToString(), node, "typed references are not allowed");
                    break;
                case ExternAliasDirectiveSyntax:
                    Report(node.ToString(), node, "extern aliases are not allowed");
                    break;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                    var modifiers = node is MemberDeclarationSyntax member ? member.Modifiers : ((LocalFunctionStatementSyntax)node).Modifiers;
                    if (modifiers.Any(SyntaxKind.UnsafeKeyword)) Report("unsafe", node, "unsafe code is not allowed");
                    if (modifiers.Any(SyntaxKind.ExternKeyword)) Report("extern", node, "extern methods (P/Invoke) are not allowed");
                    break;
            }
        }

        void CheckDeclared(ISymbol declared, SyntaxNode node)
        {
            if (declared is IFieldSymbol { IsStatic: true, IsConst: false } field && !IsImmutablePrimitive(field))
                Report(field.ToDisplayString(), node, "static fields other than const or static readonly of a primitive type keep state between calls");
            if (declared is IPropertySymbol { IsStatic: true } property && IsAutoProperty(property) && (property.SetMethod is not null || !IsPrimitive(property.Type)))
                Report(property.ToDisplayString(), node, "static auto-properties other than get-only of a primitive type keep state between calls");
            if (declared is IEventSymbol { IsStatic: true } staticEvent)
                Report(staticEvent.ToDisplayString(), node, "static events keep state between calls");
        }

        void CheckOperation(IOperation operation, SyntaxNode node)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    CheckSymbol(invocation.TargetMethod, node);
                    break;
                case IObjectCreationOperation { Constructor: { } constructor }:
                    CheckSymbol(constructor, node);
                    break;
                case IMemberReferenceOperation reference:
                    CheckSymbol(reference.Member, node);
                    break;
                case IConversionOperation { OperatorMethod: { } conversion }:
                    CheckSymbol(conversion, node);
                    break;
                case IUnaryOperation { OperatorMethod: { } unary }:
                    CheckSymbol(unary, node);
                    break;
                case IBinaryOperation { OperatorMethod: { } binary }:
                    CheckSymbol(binary, node);
                    break;
                case IForEachLoopOperation loop when node is CommonForEachStatementSyntax forEach:
                    var info = model.GetForEachStatementInfo(forEach);
                    foreach (var method in new[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.DisposeMethod })
                        if (method is not null && !IsDisposableInterface(method)) CheckSymbol(method, node);
                    if (info.CurrentProperty is not null) CheckSymbol(info.CurrentProperty, node);
                    break;
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation:
                    Report("dynamic", node, "dynamic binding uses reflection and is not allowed");
                    break;
            }
        }

        void CheckSymbol(ISymbol symbol, SyntaxNode node)
        {
            switch (symbol)
            {
                case INamespaceSymbol or ILabelSymbol or IDiscardSymbol or IPreprocessingSymbol:
                    return;
                case ITypeSymbol type:
                    CheckType(type, node);
                    return;
                case ILocalSymbol local:
                    CheckType(local.Type, node);
                    return;
                case IParameterSymbol parameter:
                    CheckType(parameter.Type, node);
                    return;
                case IRangeVariableSymbol:
                    Report(symbol.ToDisplayString(), node, "LINQ is not on the kernel allow-list");
                    return;
                case IMethodSymbol method:
                    CheckMethod(method, node);
                    return;
                default:
                    if (symbol.ContainingType is { } owner) CheckType(owner, node, member: symbol);
                    return;
            }
        }

        void CheckMethod(IMethodSymbol method, SyntaxNode node)
        {
            if (method.IsExtern || method.GetAttributes().Any(a => a.AttributeClass?.Name is "DllImportAttribute" or "LibraryImportAttribute"))
                Report(method.ToDisplayString(), node, "P/Invoke is not allowed");
            foreach (var argument in method.TypeArguments) CheckType(argument, node);
            if (method.Name.EndsWith("Unsafe", StringComparison.Ordinal) && !IsInSource(method))
                Report(method.ToDisplayString(), node, $"{method.Name} reads or writes memory without bounds checks");
            if (method.ContainingType is { } owner) CheckType(owner, node, member: method);
        }

        void CheckType(ITypeSymbol type, SyntaxNode node, ISymbol? member = null)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    CheckType(array.ElementType, node);
                    return;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    Report(type.ToDisplayString(), node, "pointers are not allowed");
                    return;
                case IDynamicTypeSymbol:
                    Report("dynamic", node, "dynamic binding uses reflection and is not allowed");
                    return;
                case ITypeParameterSymbol or IErrorTypeSymbol:
                    return;
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments) CheckType(argument, node);
                    if (IsInSource(named)) return;
                    var outermost = named.OriginalDefinition;
                    while (outermost.ContainingType is { } container) outermost = container.OriginalDefinition;
                    if (KernelAllowList.Denial(outermost, member) is { } reason)
                        Report(member is null ? outermost.ToDisplayString() : member.ToDisplayString(), node, reason);
                    return;
            }
        }

        static bool IsInSource(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource);

        // foreach reports IDisposable.Dispose even for a span's enumerator, which has no Dispose; the enumerator's own
        // type is already checked through GetEnumerator, and disposing it cannot reach anything that type cannot.
        static bool IsDisposableInterface(IMethodSymbol method) => method.ContainingType?.ToDisplayString() == "System.IDisposable";

        static bool IsImmutablePrimitive(IFieldSymbol field) => field.IsReadOnly && IsPrimitive(field.Type);

        static bool IsPrimitive(ITypeSymbol type) => type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double;

        static bool IsAutoProperty(IPropertySymbol property) =>
            property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

        void Report(string what, SyntaxNode node, string reason) =>
            Violations.Add(new PolicyViolation(what, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, reason));
    }
}
