using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KernelGen.SourceGenerators.Diagnostics;
using KernelGen.SourceGenerators.Helpers;
using KernelGen.SourceGenerators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.SourceGenerators;

partial class KernelGenerator
{
    /// <summary>Reads an annotated type into a <see cref="ModuleInfo"/>, enforcing the module rules (KG0005, KG0006).</summary>
    internal static class Parse
    {
        const string ForwardName = "forward";

        public static ModuleParseResult GetModule(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var fullName = FullNameOf(type);
            var diagnostics = new List<DiagnosticInfo>();

            var known = KnownSymbols.From(context.SemanticModel.Compilation);
            if (known is null)
            {
                diagnostics.Add(Unsupported(fullName, declaration.Identifier, "the project does not reference TorchSharp, so the type cannot be a TorchSharp module"));
                return new ModuleParseResult(null, diagnostics.ToEquatableArray());
            }
            var reference = FindReference(type, declaration, fullName, known, diagnostics, cancellationToken);
            if (reference is null) return new ModuleParseResult(null, diagnostics.ToEquatableArray());

            var referenceSyntax = reference.DeclaringSyntaxReferences.First().GetSyntax(cancellationToken);
            var semanticModel = referenceSyntax.SyntaxTree == context.SemanticModel.SyntaxTree
                ? context.SemanticModel
                : context.SemanticModel.Compilation.GetSemanticModel(referenceSyntax.SyntaxTree);
            var configurationReads = FindInstanceConfigurationReads(type, referenceSyntax, semanticModel, known, cancellationToken).ToList();
            foreach (var (node, member) in configurationReads)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InstanceConfiguration, LocationInfo.From(node), fullName, node.SyntaxTree.FilePath, member));
            }

            var declarations = UserDeclarations(type, cancellationToken);
            var module = new ModuleInfo(
                NamespaceOf(type),
                EscapeIdentifier(type.Name),
                fullName,
                ContentHashes.Fingerprint(fullName, declarations.Select(d => d.Tokens)),
                string.Join("\n", declarations.Select(d => d.Source)),
                reference.Name,
                reference.Parameters.Select(p => EscapeIdentifier(p.Name)).ToEquatableArray(),
                declarations.Any(d => DeclaresStaticConstructor(d.Syntax)),
                configurationReads.Count > 0,
                LocationInfo.From(declaration.Identifier));
            return new ModuleParseResult(module, diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// Checks the type and finds its [KernelReference] method; on the first broken rule adds KG0005 and returns null.
        /// </summary>
        static IMethodSymbol? FindReference(
            INamedTypeSymbol type,
            TypeDeclarationSyntax declaration,
            string fullName,
            KnownSymbols known,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            void Unsupported(SyntaxToken at, string reason) => diagnostics.Add(Parse.Unsupported(fullName, at, reason));

            if (type.TypeKind != TypeKind.Class || type.IsRecord)
            {
                Unsupported(declaration.Identifier, "only classes can be kernel modules");
                return null;
            }
            if (type.ContainingType is not null)
            {
                Unsupported(declaration.Identifier, "nested types are not supported; declare the module directly in a namespace");
                return null;
            }
            if (type.IsGenericType)
            {
                Unsupported(declaration.Identifier, "generic modules are not supported");
                return null;
            }
            foreach (var part in type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>())
            {
                if (!part.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Unsupported(part.Identifier, "the class must be declared 'partial' so that the generator can add its forward method");
                    return null;
                }
            }
            var inputCount = known.TensorInputCount(type);
            if (inputCount is null)
            {
                Unsupported(declaration.Identifier, "it must derive from Module<Tensor, Tensor>, Module<Tensor, Tensor, Tensor> or Module<Tensor, Tensor, Tensor, Tensor>");
                return null;
            }
            foreach (var forward in type.GetMembers(ForwardName).OfType<IMethodSymbol>())
            {
                if (forward.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax)
                {
                    Unsupported(syntax.Identifier, "do not declare 'forward': the generator writes it, dispatching to the kernels and falling back to the reference");
                    return null;
                }
            }

            var references = type.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.KernelReference)))
                .ToList();
            if (references.Count == 0)
            {
                Unsupported(declaration.Identifier, "no method has [KernelReference]; mark the PyTorch-equivalent definition that every kernel must match");
                return null;
            }
            if (references.Count > 1)
            {
                Unsupported(IdentifierOf(references[1], declaration.Identifier), "more than one method has [KernelReference]; a module has exactly one reference");
                return null;
            }

            var reference = references[0];
            var matchesForward = !reference.IsStatic
                && !reference.IsGenericMethod
                && known.IsTensor(reference.ReturnType)
                && reference.Parameters.Length == inputCount
                && reference.Parameters.All(p => known.IsTensor(p.Type) && p.RefKind == RefKind.None && !p.IsParams);
            if (!matchesForward)
            {
                var parameters = string.Join(", ", Enumerable.Repeat("Tensor", inputCount.Value));
                Unsupported(
                    IdentifierOf(reference, declaration.Identifier),
                    $"the reference must have forward's signature: an instance method 'Tensor {reference.Name}({parameters})'");
                return null;
            }
            return reference;
        }

        /// <summary>
        /// Instance fields and properties (other than tensors and submodules) and captured primary-constructor
        /// parameters that the reference reads: kernels receive only tensors, so they cannot honour such configuration.
        /// </summary>
        static IEnumerable<(SyntaxNode Node, string Member)> FindInstanceConfigurationReads(
            INamedTypeSymbol module,
            SyntaxNode reference,
            SemanticModel semanticModel,
            KnownSymbols known,
            CancellationToken cancellationToken)
        {
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var identifier in reference.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                var symbol = semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol;
                var isConfiguration = symbol switch
                {
                    IFieldSymbol field => !field.IsStatic && !field.IsConst && IsModuleOrBase(module, field.ContainingType) && !known.IsVisibleToKernels(field.Type),
                    IPropertySymbol property => !property.IsStatic && IsModuleOrBase(module, property.ContainingType) && !known.IsVisibleToKernels(property.Type),
                    IParameterSymbol parameter => parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                        && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, module),
                    _ => false,
                };
                if (isConfiguration && reported.Add(symbol!.Name)) yield return (identifier, symbol.Name);
            }
        }

        static DiagnosticInfo Unsupported(string fullName, SyntaxToken at, string reason) =>
            DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModule, LocationInfo.From(at), fullName, at.SyntaxTree?.FilePath ?? "", reason);

        static bool IsModuleOrBase(INamedTypeSymbol module, INamedTypeSymbol? containingType)
        {
            for (INamedTypeSymbol? current = module; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, containingType?.OriginalDefinition)) return true;
            }
            return false;
        }

        /// <summary>
        /// The declarations of <paramref name="type"/> in the compilation, which holds only what the user wrote
        /// (generated sources are not visible to generators), in the ordinal order of their token texts.
        /// </summary>
        static List<UserDeclaration> UserDeclarations(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .Select(d => new UserDeclaration(d, string.Join(" ", d.DescendantTokens().Select(t => t.Text)), d.ToFullString()))
                .OrderBy(d => d.Tokens, StringComparer.Ordinal)
                .ToList();

        static bool DeclaresStaticConstructor(TypeDeclarationSyntax declaration) =>
            declaration.Members.OfType<ConstructorDeclarationSyntax>().Any(c => c.Modifiers.Any(SyntaxKind.StaticKeyword));

        static SyntaxToken IdentifierOf(IMethodSymbol method, SyntaxToken fallback) =>
            method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax ? syntax.Identifier : fallback;

        /// <summary>"Namespace.Module", unescaped: the folder name and the lock's <c>module</c>.</summary>
        static string FullNameOf(INamedTypeSymbol type) =>
            type.ContainingNamespace.IsGlobalNamespace ? type.Name : NamespaceParts(type.ContainingNamespace) + "." + type.Name;

        /// <summary>The namespace as C# source, each part escaped; empty for the global namespace.</summary>
        static string NamespaceOf(INamedTypeSymbol type) =>
            type.ContainingNamespace.IsGlobalNamespace ? "" : string.Join(".", NamespaceParts(type.ContainingNamespace).Split('.').Select(EscapeIdentifier));

        static string NamespaceParts(INamespaceSymbol ns) =>
            ns.ContainingNamespace is { IsGlobalNamespace: false } parent ? NamespaceParts(parent) + "." + ns.Name : ns.Name;

        static string EscapeIdentifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

        readonly record struct UserDeclaration(TypeDeclarationSyntax Syntax, string Tokens, string Source);
    }
}
