using Microsoft.CodeAnalysis;

namespace KernelGen.Engine.Compilation;

/// <summary>The framework types (and, for MemoryMarshal, members) a kernel may use, and why everything else is refused.</summary>
static class KernelAllowList
{
    static readonly HashSet<string> AllowedTypes = new(StringComparer.Ordinal)
    {
        "System.Math", "System.MathF", "System.Half", "System.Int128", "System.UInt128", "System.BitConverter",
        "System.Span<T>", "System.ReadOnlySpan<T>", "System.Range", "System.Index", "System.MidpointRounding",
        "System.Runtime.InteropServices.MemoryMarshal",
        "System.Threading.Tasks.Parallel", "System.Threading.Tasks.ParallelLoopState",
        "System.Threading.Tasks.ParallelOptions", "System.Threading.Tasks.ParallelLoopResult",
        // Performance hints and the handler C# uses for $"..." in exception messages.
        "System.Runtime.CompilerServices.MethodImplAttribute", "System.Runtime.CompilerServices.MethodImplOptions",
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
    };

    /// <summary>Null when <paramref name="type"/> (an outermost, unconstructed type) and <paramref name="member"/> are allowed; otherwise why not.</summary>
    public static string? Denial(INamedTypeSymbol type, ISymbol? member)
    {
        var name = type.ToDisplayString();
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";

        if (name == "System.Runtime.InteropServices.MemoryMarshal")
            return member is null or IMethodSymbol { Name: "Cast" } ? null : "MemoryMarshal is allowed only for Cast: other members reach raw memory";
        if (IsAlwaysAllowed(type, name, ns)) return null;
        return Reason(name, ns);
    }

    static bool IsAlwaysAllowed(INamedTypeSymbol type, string name, string ns) =>
        type.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum or SpecialType.System_Void
            or (>= SpecialType.System_Boolean and <= SpecialType.System_String) or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            or SpecialType.System_Nullable_T or SpecialType.System_Array
        || AllowedTypes.Contains(name)
        || ns is "System.Numerics" or "System.Runtime.Intrinsics" or "System.Runtime.Intrinsics.X86" or "System.Runtime.Intrinsics.Arm" or "KernelGen.Cpu"
        // Tuples, and the delegate types lambdas convert to (Parallel.For bodies).
        || (ns == "System" && (type.Name is "ValueTuple" or "Action" or "Func"))
        || (ns == "System" && DerivesFromException(type));

    static bool DerivesFromException(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.ToDisplayString() == "System.Exception") return true;
        return false;
    }

    static string Reason(string name, string ns)
    {
        if (ns.StartsWith("System.IO", StringComparison.Ordinal) || name == "System.Console") return "IO is not allowed in kernels";
        if (ns.StartsWith("System.Net", StringComparison.Ordinal)) return "network access is not allowed in kernels";
        if (ns.StartsWith("System.Reflection", StringComparison.Ordinal) || ns.StartsWith("System.Runtime.Loader", StringComparison.Ordinal)
            || name is "System.Type" or "System.Activator" or "System.AppDomain")
            return "reflection is not allowed in kernels";
        if (name is "System.Diagnostics.Process" || ns.StartsWith("System.Diagnostics", StringComparison.Ordinal) && name.Contains("Process", StringComparison.Ordinal))
            return "processes are not allowed in kernels";
        if (name == "System.Environment") return "the environment is not allowed in kernels";
        if (name is "System.DateTime" or "System.DateTimeOffset" or "System.TimeProvider" or "System.Diagnostics.Stopwatch" or "System.Threading.Timer"
            || ns.StartsWith("System.Timers", StringComparison.Ordinal))
            return "clocks and timers are not allowed in kernels";
        if (ns.StartsWith("System.Threading", StringComparison.Ordinal)) return "threads and synchronisation other than Parallel are not allowed in kernels";
        if (name == "System.Runtime.CompilerServices.Unsafe") return "Unsafe reads and writes memory without bounds checks";
        if (ns.StartsWith("System.Runtime.InteropServices", StringComparison.Ordinal)) return "interop (P/Invoke, raw memory, handles) is not allowed in kernels";
        if (name is "System.GC" || ns.StartsWith("System.Buffers", StringComparison.Ordinal)) return "GC and allocation tricks are not allowed in kernels";
        if (name == "System.Random" || ns.StartsWith("System.Security.Cryptography", StringComparison.Ordinal)) return "randomness is not allowed in kernels: they must be deterministic";
        if (ns.StartsWith("TorchSharp", StringComparison.Ordinal)) return "kernels may not use TorchSharp";
        return "not on the kernel allow-list (docs/kernel-abi.md)";
    }
}
