using System.Runtime.InteropServices;
using KernelGen.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// What dispatch checks about one argument, read from LibTorch once per call (each read is a native call, so every
/// variant reuses them). The shape is kept next to it, in the span the kernel's views are built from. The device
/// index is -1 on the CPU; a GPU kernel needs every argument on one device. Aligned16 (read for GPU tensors only,
/// whose kernels use 16-byte vector accesses) says whether the first element's address is a multiple of 16.
/// </summary>
readonly record struct ArgumentTraits(ScalarType Dtype, DeviceType Device, int DeviceIndex, bool Contiguous, bool RankSupported, bool Aligned16)
{
    /// <summary>
    /// Reads the traits and shapes of <paramref name="arguments"/> into the two spans; false for a tensor whose layout
    /// has no strides (sparse, MKL-DNN, nested: LibTorch throws on <c>is_contiguous</c>), which the reference handles.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<Tensor> arguments, Span<ArgumentTraits> traits, Span<TensorShape> shapes)
    {
        try
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                var tensor = arguments[i];
                var rankSupported = TensorMemory.TryReadShape(tensor, out shapes[i]);
                var device = tensor.device_type;
                traits[i] = device == DeviceType.CPU
                    ? new ArgumentTraits(tensor.dtype, device, -1, tensor.is_contiguous(), rankSupported, Aligned16: false)
                    : new ArgumentTraits(tensor.dtype, device, tensor.device_index, tensor.is_contiguous(), rankSupported, TensorMemory.DataPointer(tensor) % 16 == 0);
            }
            return true;
        }
        catch (ExternalException)
        {
            return false;
        }
    }
}
