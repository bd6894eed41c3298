using KernelGen.Cpu;

namespace KernelGen.Runtime;

/// <summary>
/// The shapes a kernel variant was verified for. Each argument (inputs, then module state) and the output is a
/// list of dimensions, fixed or symbolic; a symbol must have the same size wherever it appears and lie in its
/// verified range. Outside the domain the dispatcher runs the reference.
/// </summary>
public sealed class ShapeDomain
{
    // Arrays, not the interfaces below, on the per-call path: indexing through IReadOnlyList is an interface call.
    readonly SymbolRange[] symbols;
    readonly DimSpec[][] arguments;
    readonly DimSpec[] output;

    /// <param name="symbols">The symbolic dimensions and their verified ranges.</param>
    /// <param name="arguments">Each argument's dimensions (inputs, then module state).</param>
    /// <param name="output">The output's dimensions.</param>
    public ShapeDomain(SymbolRange[] symbols, DimSpec[][] arguments, DimSpec[] output)
    {
        this.symbols = symbols;
        this.arguments = arguments;
        this.output = output;
    }

    /// <summary>The symbolic dimensions and their verified ranges.</summary>
    public IReadOnlyList<SymbolRange> Symbols => symbols;

    /// <summary>Each argument's dimensions (inputs, then module state).</summary>
    public IReadOnlyList<DimSpec[]> Arguments => arguments;

    /// <summary>The output's dimensions.</summary>
    public IReadOnlyList<DimSpec> Output => output;

    /// <summary>Binds every symbol from <paramref name="shapes"/>; false when any shape is outside the domain.</summary>
    public bool TryBind(ReadOnlySpan<TensorShape> shapes, Span<long> symbolSizes)
    {
        if (shapes.Length != arguments.Length || symbolSizes.Length != symbols.Length) return false;
        symbolSizes.Clear(); // 0 = not bound yet; real sizes are >= 1 inside any verified range
        for (var a = 0; a < shapes.Length; a++)
        {
            var dims = arguments[a];
            if (shapes[a].Rank != dims.Length) return false;
            for (var d = 0; d < dims.Length; d++)
            {
                var size = shapes[a][d];
                var spec = dims[d];
                if (spec.IsFixed)
                {
                    if (size != spec.FixedSize) return false;
                    continue;
                }
                ref var bound = ref symbolSizes[spec.Symbol];
                if (bound == 0)
                {
                    var range = symbols[spec.Symbol];
                    if (size < range.Min || size > range.Max) return false;
                    bound = size;
                }
                else if (bound != size)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Writes the output's sizes for symbols bound by <see cref="TryBind"/> into <paramref name="sizes"/> (one per output dimension).</summary>
    public void OutputShape(ReadOnlySpan<long> symbolSizes, Span<long> sizes)
    {
        if (sizes.Length != output.Length) throw new ArgumentException($"the output has {output.Length} dimensions; got room for {sizes.Length}", nameof(sizes));
        for (var d = 0; d < sizes.Length; d++)
            sizes[d] = output[d].IsFixed ? output[d].FixedSize : symbolSizes[output[d].Symbol];
    }
}
