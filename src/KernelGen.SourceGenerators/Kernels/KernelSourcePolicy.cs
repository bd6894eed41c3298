using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Kernels;

/// <summary>
/// What a baked kernel may not use (docs/kernel-abi.md, "What a kernel may not use"), checked on syntax alone.
/// The engine checks kernels semantically before it writes them; this is the guard at baking time, so that a
/// hand-edited and re-hashed kernel still cannot bring forbidden APIs into an app. Without a semantic model it errs
/// on the strict side: a name that could reach a forbidden API is rejected wherever it is written, because the
/// project's implicit global usings (System.IO, System.Threading, ...) can bring it into scope without a using.
/// </summary>
internal static class KernelSourcePolicy
{
    /// <summary>Namespaces a kernel may not import or name, with the only members of them it may use.</summary>
    static readonly string[] ForbiddenNamespaces =
    [
        "System.IO",
        "System.Net",
        "System.Reflection",
        "System.Diagnostics",
        "System.Runtime.InteropServices",
        "System.Threading",
        "TorchSharp",
        "System.Runtime.CompilerServices.Unsafe",
        "System.Runtime.CompilerServices.RuntimeHelpers",
    ];

    /// <summary>
    /// Namespaces that may be imported although they are forbidden, because an allowed member lives there; their other
    /// members stay forbidden by <see cref="ForbiddenNames"/> wherever they are used.
    /// </summary>
    static readonly string[] AllowedImports = ["System.Threading.Tasks", "System.Runtime.InteropServices"];

    /// <summary>Members (and namespaces) inside <see cref="ForbiddenNamespaces"/> that a kernel may use.</summary>
    static readonly string[] AllowedMembers =
    [
        "System.Threading.Tasks.Parallel",
        "System.Runtime.InteropServices.MemoryMarshal.Cast",
        "System.Diagnostics.CodeAnalysis",
    ];

    /// <summary>Simple names that reach IO, network, reflection, processes, environment, clocks, threads, interop or GC.</summary>
    static readonly HashSet<string> ForbiddenNames = new(StringComparer.Ordinal)
    {
        // Memory safety and interop.
        "Unsafe", "LoadUnsafe", "StoreUnsafe", "Marshal", "NativeMemory", "NativeLibrary", "GCHandle", "CollectionsMarshal",
        "SafeHandle", "RuntimeHelpers",
        // IO and network.
        "File", "Directory", "Path", "FileInfo", "DirectoryInfo", "FileStream", "Stream", "StreamReader", "StreamWriter",
        "Console", "HttpClient", "Socket", "Dns", "WebClient",
        // Threads other than Parallel, and state that outlives a call.
        "Thread", "ThreadPool", "ThreadLocal", "AsyncLocal", "Task", "ValueTask", "TaskFactory", "Interlocked", "Volatile",
        "Monitor", "Mutex", "Semaphore", "SemaphoreSlim", "Timer", "ArrayPool", "MemoryPool",
        // Processes, environment and clocks.
        "Process", "Debug", "Debugger", "Trace", "Stopwatch", "Environment", "AppContext", "AppDomain", "RuntimeInformation",
        "DateTime", "DateTimeOffset", "TimeProvider",
        // GC and reflection.
        "GC", "Activator", "Assembly", "GetType", "GetMethod", "GetMethods", "GetField", "GetFields", "GetProperty",
        "GetProperties", "GetMember", "GetMembers", "GetConstructor", "InvokeMember", "MakeGenericType", "MakeGenericMethod",
        "dynamic",
    };

    /// <summary>The one member of MemoryMarshal a kernel may use.</summary>
    const string MemoryMarshal = nameof(MemoryMarshal);
    const string MemoryMarshalCast = "Cast";

    static readonly HashSet<string> PlatformInvokeAttributes = new(StringComparer.Ordinal)
    {
        "DllImport", "DllImportAttribute", "LibraryImport", "LibraryImportAttribute",
    };

    static readonly HashSet<SyntaxKind> PrimitiveKeywords =
    [
        SyntaxKind.BoolKeyword, SyntaxKind.ByteKeyword, SyntaxKind.SByteKeyword, SyntaxKind.ShortKeyword, SyntaxKind.UShortKeyword,
        SyntaxKind.IntKeyword, SyntaxKind.UIntKeyword, SyntaxKind.LongKeyword, SyntaxKind.ULongKeyword, SyntaxKind.FloatKeyword,
        SyntaxKind.DoubleKeyword, SyntaxKind.DecimalKeyword, SyntaxKind.CharKeyword,
    ];

    /// <summary>Every forbidden construct in <paramref name="root"/>, in file order.</summary>
    public static IReadOnlyList<KernelViolation> FindViolations(SyntaxNode root)
    {
        var walker = new Walker();
        walker.Visit(root);
        return walker.Violations;
    }

    sealed class Walker : CSharpSyntaxWalker
    {
        public Walker()
            : base(SyntaxWalkerDepth.Token)
        {
        }

        public List<KernelViolation> Violations { get; } = [];

        public override void VisitToken(SyntaxToken token)
        {
            var construct = token.Kind() switch
            {
                SyntaxKind.UnsafeKeyword => "'unsafe' code",
                SyntaxKind.FixedKeyword => "'fixed'",
                SyntaxKind.ExternKeyword => "'extern' (P/Invoke and extern aliases)",
                SyntaxKind.ArgListKeyword or SyntaxKind.MakeRefKeyword or SyntaxKind.RefTypeKeyword or SyntaxKind.RefValueKeyword => $"'{token.Text}'",
                _ => null,
            };
            if (construct is not null) Report(token.Span, $"{construct} is not allowed");
        }

        public override void VisitPointerType(PointerTypeSyntax node) => Report(node.Span, "pointer types are not allowed");

        public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node) => Report(node.Span, "function pointers are not allowed");

        public override void VisitAttribute(AttributeSyntax node)
        {
            if (PlatformInvokeAttributes.Contains(LastIdentifier(node.Name)))
            {
                Report(node.Span, $"[{node.Name}] (P/Invoke) is not allowed");
                return;
            }
            base.VisitAttribute(node);
        }

        public override void VisitUsingDirective(UsingDirectiveSyntax node)
        {
            if (node.NamespaceOrType is NameSyntax name && DottedName(name) is { } dotted && IsForbiddenQualifiedName(dotted))
            {
                Report(node.Span, $"'using {dotted}' is not allowed");
                return;
            }
            base.VisitUsingDirective(node);
        }

        public override void VisitQualifiedName(QualifiedNameSyntax node)
        {
            if (!CheckQualifiedName(node)) base.VisitQualifiedName(node);
        }

        public override void VisitAliasQualifiedName(AliasQualifiedNameSyntax node)
        {
            if (!CheckQualifiedName(node)) base.VisitAliasQualifiedName(node);
        }

        public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            if (!CheckQualifiedName(node)) base.VisitMemberAccessExpression(node);
        }

        public override void VisitIdentifierName(IdentifierNameSyntax node) => CheckSimpleName(node);

        public override void VisitGenericName(GenericNameSyntax node)
        {
            CheckSimpleName(node);
            base.VisitGenericName(node);
        }

        public override void VisitFieldDeclaration(FieldDeclarationSyntax node)
        {
            if (node.Modifiers.Any(SyntaxKind.StaticKeyword) && !IsReadOnlyPrimitive(node))
            {
                var names = string.Join(", ", node.Declaration.Variables.Select(v => v.Identifier.Text));
                Report(node.Span, $"static field '{names}' is not allowed (only const or static readonly fields of a primitive type: kernels keep no state between calls)");
            }
            base.VisitFieldDeclaration(node);
        }

        public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node)
        {
            // A static auto-property is a static field under another name: the same rule applies.
            var accessors = node.AccessorList?.Accessors ?? default;
            var isAutoProperty = accessors.Count > 0 && accessors.All(a => a.Body is null && a.ExpressionBody is null);
            var isReadOnlyPrimitive = accessors.All(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)) && IsPrimitive(node.Type);
            if (node.Modifiers.Any(SyntaxKind.StaticKeyword) && isAutoProperty && !isReadOnlyPrimitive)
                Report(node.Span, $"static auto-property '{node.Identifier.Text}' is not allowed (only get-only ones of a primitive type: kernels keep no state between calls)");
            base.VisitPropertyDeclaration(node);
        }

        public override void VisitLockStatement(LockStatementSyntax node)
        {
            Report(node.LockKeyword.Span, "'lock' is not allowed (no synchronisation other than Parallel)");
            base.VisitLockStatement(node);
        }

        public override void VisitEventFieldDeclaration(EventFieldDeclarationSyntax node)
        {
            if (node.Modifiers.Any(SyntaxKind.StaticKeyword)) Report(node.Span, "static events are not allowed (kernels keep no state between calls)");
            base.VisitEventFieldDeclaration(node);
        }

        /// <summary>Checks a dotted name as a whole, once, at the top of its chain; true when it was reported.</summary>
        bool CheckQualifiedName(ExpressionSyntax node)
        {
            if (IsLeftOfLongerName(node) || DottedName(node) is not { } dotted || !IsForbiddenQualifiedName(dotted)) return false;
            Report(node.Span, $"'{dotted}' is not allowed");
            return true;
        }

        void CheckSimpleName(SimpleNameSyntax node)
        {
            var name = node.Identifier.Text;
            if (name == MemoryMarshal)
            {
                if (!IsMemoryMarshalCast(node)) Report(node.Span, "MemoryMarshal members other than Cast are not allowed");
                return;
            }
            if (ForbiddenNames.Contains(name)) Report(node.Span, $"'{name}' is not allowed");
        }

        void Report(TextSpan span, string message) => Violations.Add(new KernelViolation(message, span));
    }

    /// <summary>True when <paramref name="dotted"/> lies in a forbidden namespace and is not one of its allowed members.</summary>
    static bool IsForbiddenQualifiedName(string dotted) =>
        ForbiddenNamespaces.Any(ns => IsSameOrInside(dotted, ns))
        && !AllowedImports.Contains(dotted)
        && !AllowedMembers.Any(member => IsSameOrInside(dotted, member));

    static bool IsSameOrInside(string name, string container) =>
        name == container || (name.StartsWith(container, StringComparison.Ordinal) && name.Length > container.Length && name[container.Length] == '.');

    /// <summary>True when MemoryMarshal (simple or qualified) is used only to reach MemoryMarshal.Cast.</summary>
    static bool IsMemoryMarshalCast(SimpleNameSyntax node)
    {
        SyntaxNode target = node.Parent is QualifiedNameSyntax q && q.Right == node ? q
            : node.Parent is MemberAccessExpressionSyntax m && m.Name == node ? m
            : node;
        return target.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == target && access.Name.Identifier.Text == MemoryMarshalCast,
            QualifiedNameSyntax qualified => qualified.Left == target && qualified.Right.Identifier.Text == MemoryMarshalCast,
            _ => false,
        };
    }

    static bool IsReadOnlyPrimitive(FieldDeclarationSyntax field) =>
        field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) && IsPrimitive(field.Declaration.Type);

    static bool IsPrimitive(TypeSyntax type) => type is PredefinedTypeSyntax predefined && PrimitiveKeywords.Contains(predefined.Keyword.Kind());

    /// <summary>True when <paramref name="node"/> is the left part of a longer dotted name, which is checked instead.</summary>
    static bool IsLeftOfLongerName(SyntaxNode node) => node.Parent switch
    {
        QualifiedNameSyntax qualified => qualified.Left == node,
        MemberAccessExpressionSyntax access => access.Expression == node,
        _ => false,
    };

    /// <summary>"A.B.C" for a name made only of identifiers (type arguments dropped, "global::" removed), else null.</summary>
    static string? DottedName(SyntaxNode node) => node switch
    {
        SimpleNameSyntax simple => simple.Identifier.Text,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.Text,
        QualifiedNameSyntax qualified => DottedName(qualified.Left) is { } left ? left + "." + qualified.Right.Identifier.Text : null,
        MemberAccessExpressionSyntax access => DottedName(access.Expression) is { } left ? left + "." + access.Name.Identifier.Text : null,
        _ => null,
    };

    static string LastIdentifier(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.Text,
        SimpleNameSyntax simple => simple.Identifier.Text,
        _ => name.ToString(),
    };
}
