using System.Runtime.InteropServices;
using KernelGen.Cpu;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>Raw access to LibTorch tensor memory (TorchSharp keeps its own binding of this export internal).</summary>
static partial class TensorMemory
{
    /// <summary><c>tensor->data_ptr()</c>: the first element's address, storage offset applied.</summary>
    public static IntPtr DataPointer(Tensor tensor) => THSTensor_data(tensor.Handle);

    public static TensorShape ShapeOf(Tensor tensor)
    {
        var rank = (int)tensor.ndim;
        if (rank > TensorShape.MaxRank) return default;
        Span<long> sizes = stackalloc long[rank];
        for (var d = 0; d < rank; d++) sizes[d] = tensor.size(d);
        return new TensorShape(sizes);
    }

    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);
}
