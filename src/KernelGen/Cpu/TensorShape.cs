using System.Runtime.CompilerServices;

namespace KernelGen.Cpu;

/// <summary>The sizes of a tensor's dimensions, stored inline (up to <see cref="MaxRank"/>) so views allocate nothing.</summary>
public readonly struct TensorShape
{
    /// <summary>The largest rank a kernel view supports.</summary>
    public const int MaxRank = 8;

    readonly Sizes sizes;

    /// <summary>Number of dimensions.</summary>
    public int Rank { get; }

    /// <summary>Product of all sizes (1 for a scalar).</summary>
    public long ElementCount { get; }

    internal TensorShape(ReadOnlySpan<long> dims)
    {
        if (dims.Length > MaxRank) throw new ArgumentException($"KernelGen kernels support tensors of rank {MaxRank} at most; got rank {dims.Length}.", nameof(dims));
        Rank = dims.Length;
        long count = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            sizes[i] = dims[i];
            count = checked(count * dims[i]);
        }
        ElementCount = count;
    }

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end like PyTorch.</summary>
    public long this[int dim]
    {
        get
        {
            var index = dim < 0 ? dim + Rank : dim;
            if ((uint)index >= (uint)Rank) throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} is outside a rank-{Rank} shape");
            return sizes[index];
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new string[Rank];
        for (var i = 0; i < Rank; i++) parts[i] = sizes[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    [InlineArray(MaxRank)]
    struct Sizes
    {
        long element;
    }
}
