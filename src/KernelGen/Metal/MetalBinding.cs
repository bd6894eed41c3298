namespace KernelGen.Metal;

/// <summary>
/// One argument of a dispatch at its <c>[[buffer(Index)]]</c>: a tensor's <c>MTLBuffer</c> with a byte offset
/// (<c>setBuffer:offset:atIndex:</c>), or a 64-bit shape symbol passed by value (<c>setBytes:length:atIndex:</c>,
/// read by the kernel as <c>constant long&amp;</c>).
/// </summary>
internal readonly record struct MetalBinding(int Index, IntPtr Buffer, long Offset, long Value)
{
    /// <summary>True for a tensor's buffer, false for a symbol's bytes.</summary>
    public bool IsBuffer => Buffer != IntPtr.Zero;

    public static MetalBinding ForBuffer(int index, MetalBufferSlice slice) => new(index, slice.Buffer, slice.Offset, 0);

    public static MetalBinding ForSymbol(int index, long value) => new(index, IntPtr.Zero, 0, value);
}

/// <summary>Where a tensor's first element lives: its storage's <c>id&lt;MTLBuffer&gt;</c> and the byte offset into it.</summary>
internal readonly record struct MetalBufferSlice(IntPtr Buffer, long Offset);

/// <summary>The bindings of one dispatch in the ABI's order: arguments (inputs, then state), the output, then each bound symbol.</summary>
internal static class MetalArguments
{
    /// <summary>Writes arguments + 1 + symbols bindings to <paramref name="bindings"/>; buffer indices are their positions.</summary>
    public static void Pack(ReadOnlySpan<MetalBufferSlice> arguments, MetalBufferSlice output, ReadOnlySpan<long> symbols, Span<MetalBinding> bindings)
    {
        var index = 0;
        foreach (var argument in arguments) bindings[index] = MetalBinding.ForBuffer(index++, argument);
        bindings[index] = MetalBinding.ForBuffer(index++, output);
        foreach (var symbol in symbols) bindings[index] = MetalBinding.ForSymbol(index++, symbol);
    }
}
