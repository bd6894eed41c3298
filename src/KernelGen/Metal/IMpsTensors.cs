using static TorchSharp.torch;

namespace KernelGen.Metal;

/// <summary>
/// What a Metal dispatch needs from LibTorch's MPS tensors, behind an interface for the same reason as
/// <see cref="IMetalDevice"/>: MPS tensors exist only on macOS. <see cref="MpsTensors"/> is the implementation.
/// </summary>
internal interface IMpsTensors
{
    /// <summary>The tensor's <c>MTLBuffer</c> and the byte offset of its first element.</summary>
    MetalBufferSlice BufferOf(Tensor tensor);

    /// <summary>A new output tensor on the MPS device.</summary>
    Tensor Empty(ReadOnlySpan<long> sizes, ScalarType dtype);

    /// <summary>Returns once every command PyTorch encoded on its MPS stream so far has completed.</summary>
    void WaitForTorch();
}

/// <summary>The Metal device and MPS tensors a variant runs with: the system's, or fakes in tests.</summary>
/// <param name="OpenDevice">Opens the device once per variant load, or returns null with why Metal is unavailable.</param>
/// <param name="Tensors">MPS tensor access.</param>
internal sealed record MetalPlatform(MetalPlatform.DeviceOpener OpenDevice, IMpsTensors Tensors)
{
    /// <summary>Returns the device, or null and why there is none.</summary>
    public delegate IMetalDevice? DeviceOpener(out string? failure);

    /// <summary>Metal.framework's default device and LibTorch's MPS tensors.</summary>
    public static MetalPlatform System { get; } = new(static (out string? failure) => SystemMetalDevice.Get(out failure), new MpsTensors());
}
