namespace KernelGen.Cpu;

/// <summary>
/// A kernel's writable view of its contiguous, row-major CPU output tensor. Valid only during the kernel call.
/// The output arrives filled with garbage (verification poisons it), so a kernel must write every element.
/// </summary>
public readonly unsafe struct TensorView<T> where T : unmanaged
{
    readonly T* data;

    internal TensorView(T* data, TensorShape shape)
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
    public Span<T> Span => new(data, checked((int)Shape.ElementCount));

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim) => Shape[dim];

    /// <summary>Elements <paramref name="start"/> .. <paramref name="start"/>+<paramref name="length"/> (bounds-checked).</summary>
    public Span<T> Slice(long start, int length)
    {
        if (start < 0 || length < 0 || start + length > Shape.ElementCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + length}) is outside a tensor of {Shape.ElementCount} elements");
        return new Span<T>(data + start, length);
    }
}
