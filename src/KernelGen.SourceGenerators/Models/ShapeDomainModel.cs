using KernelGen.SourceGenerators.Helpers;

namespace KernelGen.SourceGenerators.Models;

/// <summary>A symbolic dimension of a shape domain and its verified range.</summary>
internal sealed record SymbolModel(string Name, long Min, long Max);

/// <summary>One dimension: a fixed size, or the index of a symbol (mirrors KernelGen.Runtime.DimSpec).</summary>
internal sealed record DimModel(long FixedSize, int Symbol)
{
    public bool IsFixed => Symbol < 0;

    public static DimModel Fixed(long size) => new(size, -1);

    public static DimModel Of(int symbol) => new(0, symbol);
}

/// <summary>The shapes a variant was verified for: arguments are the inputs, then the module state.</summary>
internal sealed record ShapeDomainModel(
    EquatableArray<SymbolModel> Symbols,
    EquatableArray<EquatableArray<DimModel>> Arguments,
    EquatableArray<DimModel> Output);
