namespace KernelGen.Runtime;

/// <summary>One dimension of a shape domain: a fixed size, or a symbol bound from the actual tensors.</summary>
public readonly record struct DimSpec
{
    DimSpec(long fixedSize, int symbol)
    {
        FixedSize = fixedSize;
        Symbol = symbol;
    }

    /// <summary>The required size, when <see cref="IsFixed"/>.</summary>
    public long FixedSize { get; }

    /// <summary>Index into <see cref="ShapeDomain.Symbols"/>, or -1 for a fixed size.</summary>
    public int Symbol { get; }

    /// <summary>True when the size is fixed rather than symbolic.</summary>
    public bool IsFixed => Symbol < 0;

    /// <summary>A dimension that must equal <paramref name="size"/>.</summary>
    public static DimSpec Fixed(long size) => new(size, -1);

    /// <summary>A dimension bound to the symbol at <paramref name="index"/>.</summary>
    public static DimSpec Of(int index) => new(0, index);
}
