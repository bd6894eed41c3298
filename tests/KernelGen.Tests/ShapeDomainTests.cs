using KernelGen.Cpu;
using KernelGen.Runtime;

namespace KernelGen.Tests;

public class ShapeDomainTests
{
    // x: [N, 8], weight: [8] -> output [N, 8]; N verified from 1 to 64.
    static readonly ShapeDomain RowsTimesEight = new(
        [new SymbolRange("N", 1, 64)],
        [[DimSpec.Of(0), DimSpec.Fixed(8)], [DimSpec.Fixed(8)]],
        [DimSpec.Of(0), DimSpec.Fixed(8)]);

    static TensorShape Shape(params long[] sizes) => new(sizes);

    static long[] OutputOf(ShapeDomain domain, ReadOnlySpan<long> symbols)
    {
        var sizes = new long[domain.Output.Count];
        domain.OutputShape(symbols, sizes);
        return sizes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(64)]
    public void Binds_symbols_inside_the_verified_range(long rows)
    {
        Span<long> symbols = stackalloc long[1];
        Assert.True(RowsTimesEight.TryBind([Shape(rows, 8), Shape(8)], symbols));
        Assert.Equal(rows, symbols[0]);
        Assert.Equal([rows, 8L], OutputOf(RowsTimesEight, symbols));
    }

    [Fact]
    public void Rejects_sizes_outside_the_verified_range()
    {
        Span<long> symbols = stackalloc long[1];
        Assert.False(RowsTimesEight.TryBind([Shape(65, 8), Shape(8)], symbols));
        Assert.False(RowsTimesEight.TryBind([Shape(0, 8), Shape(8)], symbols));
    }

    [Fact]
    public void Rejects_a_fixed_dimension_of_another_size()
    {
        Span<long> symbols = stackalloc long[1];
        Assert.False(RowsTimesEight.TryBind([Shape(4, 9), Shape(8)], symbols));
        Assert.False(RowsTimesEight.TryBind([Shape(4, 8), Shape(9)], symbols));
    }

    [Fact]
    public void Rejects_another_rank_or_argument_count()
    {
        Span<long> symbols = stackalloc long[1];
        Assert.False(RowsTimesEight.TryBind([Shape(2, 4, 8), Shape(8)], symbols));
        Assert.False(RowsTimesEight.TryBind([Shape(4, 8)], symbols));
    }

    [Fact]
    public void A_symbol_must_have_one_size_wherever_it_appears()
    {
        // a: [M, K], b: [K, M] -> out [M, M]
        var transposeLike = new ShapeDomain(
            [new SymbolRange("M", 1, 100), new SymbolRange("K", 1, 100)],
            [[DimSpec.Of(0), DimSpec.Of(1)], [DimSpec.Of(1), DimSpec.Of(0)]],
            [DimSpec.Of(0), DimSpec.Of(0)]);
        Span<long> symbols = stackalloc long[2];
        Assert.True(transposeLike.TryBind([Shape(3, 5), Shape(5, 3)], symbols));
        Assert.Equal([3L, 3L], OutputOf(transposeLike, symbols));
        Assert.False(transposeLike.TryBind([Shape(3, 5), Shape(5, 4)], symbols));
    }

    [Fact]
    public void Tensor_shapes_above_the_maximum_rank_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TensorShape(new long[TensorShape.MaxRank + 1]));
    }
}
