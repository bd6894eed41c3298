namespace KernelGen.Cpu;

/// <summary>
/// A kernel's read-only view of a contiguous, row-major CPU tensor. Valid only during the kernel call.
/// Data is reachable only through bounds-checked spans, so a kernel cannot read outside its tensors.
/// It is a plain struct (not a ref struct) so kernels can capture it in <c>Parallel.For</c> bodies.
/// </summary>
public readonly unsafe struct ReadOnlyTensorView<T> where T : unmanaged
{
    readonly T* data;

    internal ReadOnlyTensorView(T* data, TensorShape shape)
    {
        this.data = data;
        Shape = shape;
    }

    /// <summary>The tensor's sizes.</summary>
    public TensorShape Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Total number of elements.</summary>
    public long Length => Shape.ElementCount;

    /// <summary>All elements in row-major order.</summary>
    public ReadOnlySpan<T> Span => new(data, checked((int)Shape.ElementCount));

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim) => Shape[dim];

    /// <summary>Elements <paramref name="start"/> .. <paramref name="start"/>+<paramref name="length"/> (bounds-checked).</summary>
    public ReadOnlySpan<T> Slice(long start, int length)
    {
        if (start < 0 || length < 0 || start + length > Shape.ElementCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + length}) is outside a tensor of {Shape.ElementCount} elements");
        return new ReadOnlySpan<T>(data + start, length);
    }
}
