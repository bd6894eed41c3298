using KernelGen.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// What dispatch checks about one argument, read from LibTorch once per call (each read is a native call, so every
/// variant reuses them). The shape is kept next to it, in the span the kernel's views are built from. CPU tensors
/// have no device index; a GPU backend's variants would add it here.
/// </summary>
readonly record struct ArgumentTraits(ScalarType Dtype, DeviceType Device, bool Contiguous, bool RankSupported)
{
    /// <summary>Reads the traits and shapes of <paramref name="arguments"/> into the two spans.</summary>
    public static void Read(ReadOnlySpan<Tensor> arguments, Span<ArgumentTraits> traits, Span<TensorShape> shapes)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            var tensor = arguments[i];
            var rankSupported = TensorMemory.TryReadShape(tensor, out shapes[i]);
            traits[i] = new ArgumentTraits(tensor.dtype, tensor.device_type, tensor.is_contiguous(), rankSupported);
        }
    }
}
