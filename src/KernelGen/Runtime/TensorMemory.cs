using System.Runtime.InteropServices;
using KernelGen.Cpu;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>Raw access to LibTorch tensor memory (TorchSharp keeps its own binding of this export internal).</summary>
static partial class TensorMemory
{
    /// <summary><c>tensor->data_ptr()</c>: the first element's address, storage offset applied.</summary>
    public static IntPtr DataPointer(Tensor tensor) => THSTensor_data(tensor.Handle);

    /// <summary>Reads the sizes without <c>tensor.shape</c>'s array; false above <see cref="TensorShape.MaxRank"/>.</summary>
    public static bool TryReadShape(Tensor tensor, out TensorShape shape)
    {
        var rank = tensor.ndim;
        if (rank > TensorShape.MaxRank)
        {
            shape = default;
            return false;
        }
        Span<long> sizes = stackalloc long[TensorShape.MaxRank];
        sizes = sizes[..(int)rank];
        for (var d = 0; d < sizes.Length; d++) sizes[d] = tensor.size(d);
        shape = new TensorShape(sizes);
        return true;
    }

    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);
}
