using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Metal;

/// <summary>
/// LibTorch's MPS tensors as Metal sees them (docs/metal.md). An MPS storage's data pointer is its
/// <c>id&lt;MTLBuffer&gt;</c> itself, so a tensor binds as (storage data pointer, storage offset × element size);
/// <c>data_ptr()</c> would add the offset to the object pointer and is never used here. TorchSharp exposes neither
/// value publicly, so LibTorchSharp's own exports are declared here.
/// </summary>
internal sealed partial class MpsTensors : IMpsTensors
{
    /// <summary>One element PyTorch keeps on the MPS device; copying it to the CPU is the flush (see <see cref="WaitForTorch"/>).</summary>
    readonly Lazy<Tensor> flushProbe = new(() => zeros(1, device: new Device(DeviceType.MPS)));

    /// <inheritdoc/>
    public MetalBufferSlice BufferOf(Tensor tensor) => Slice(tensor);

    /// <summary>The storage's base pointer and the first element's byte offset into it, for any LibTorch tensor.</summary>
    internal static MetalBufferSlice Slice(Tensor tensor) =>
        new(THSStorage_data_ptr(tensor.Handle), THSTensor_storage_offset(tensor.Handle) * tensor.ElementSize);

    /// <inheritdoc/>
    public Tensor Empty(ReadOnlySpan<long> sizes, ScalarType dtype) => empty(sizes, dtype, new Device(DeviceType.MPS));

    /// <summary>
    /// TorchSharp has no MPS synchronize. PyTorch keeps a command encoder open on its one MPS stream and commits
    /// lazily, so a kernel on KernelGen's own queue could read inputs PyTorch has not written yet. Copying a tensor
    /// from the MPS device to the CPU makes PyTorch commit its stream and wait for it (the copy must see every earlier
    /// write), which is the flush and wait we need, through public API only.
    /// </summary>
    public void WaitForTorch()
    {
        using var copy = flushProbe.Value.cpu();
    }

    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSStorage_data_ptr(IntPtr tensor);

    [LibraryImport("LibTorchSharp")]
    private static partial long THSTensor_storage_offset(IntPtr tensor);
}
