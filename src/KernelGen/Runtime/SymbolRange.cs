namespace KernelGen.Runtime;

/// <summary>A symbolic dimension and the sizes it was verified for: every size from <paramref name="Min"/> to <paramref name="Max"/>.</summary>
public readonly record struct SymbolRange(string Name, long Min, long Max);
