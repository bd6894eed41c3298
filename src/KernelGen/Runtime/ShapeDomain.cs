using KernelGen.Cpu;

namespace KernelGen.Runtime;

/// <summary>
/// The shapes a kernel variant was verified for. Each argument (inputs, then module state) and the output is a
/// list of dimensions, fixed or symbolic; a symbol must have the same size wherever it appears and lie in its
/// verified range. Outside the domain the dispatcher runs the reference.
/// </summary>
public sealed class ShapeDomain
{
    public ShapeDomain(SymbolRange[] symbols, DimSpec[][] arguments, DimSpec[] output)
    {
        Symbols = symbols;
        Arguments = arguments;
        Output = output;
    }

    public IReadOnlyList<SymbolRange> Symbols { get; }
    public IReadOnlyList<DimSpec[]> Arguments { get; }
    public IReadOnlyList<DimSpec> Output { get; }

    /// <summary>Binds every symbol from <paramref name="shapes"/>; false when any shape is outside the domain.</summary>
    public bool TryBind(ReadOnlySpan<TensorShape> shapes, Span<long> symbolSizes)
    {
        if (shapes.Length != Arguments.Count || symbolSizes.Length != Symbols.Count) return false;
        symbolSizes.Clear(); // 0 = not bound yet; real sizes are >= 1 inside any verified range
        for (var a = 0; a < shapes.Length; a++)
        {
            var dims = Arguments[a];
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
                    var range = Symbols[spec.Symbol];
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

    /// <summary>The output's sizes for symbols bound by <see cref="TryBind"/>.</summary>
    public long[] OutputShape(ReadOnlySpan<long> symbolSizes)
    {
        var shape = new long[Output.Count];
        for (var d = 0; d < shape.Length; d++)
            shape[d] = Output[d].IsFixed ? Output[d].FixedSize : symbolSizes[Output[d].Symbol];
        return shape;
    }
}
