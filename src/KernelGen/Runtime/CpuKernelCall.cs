using KernelGen.Cpu;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// The arguments of one CPU kernel call as the dispatcher prepared them: inputs then module state, each contiguous,
/// on the CPU and inside the variant's shape domain, and a freshly allocated output. Generated code turns them into
/// the kernel's typed views; each view checks the element type, so a wrong binding throws instead of misreading memory.
/// </summary>
public readonly unsafe ref struct CpuKernelCall
{
    readonly ReadOnlySpan<Tensor> arguments;
    readonly ReadOnlySpan<TensorShape> shapes;
    readonly Tensor output;
    readonly TensorShape outputShape;

    internal CpuKernelCall(ReadOnlySpan<Tensor> arguments, ReadOnlySpan<TensorShape> shapes, Tensor output, TensorShape outputShape)
    {
        this.arguments = arguments;
        this.shapes = shapes;
        this.output = output;
        this.outputShape = outputShape;
    }

    /// <summary>The read-only view of argument <paramref name="index"/> (inputs first, then module state).</summary>
    public ReadOnlyTensorView<T> Argument<T>(int index) where T : unmanaged
    {
        var tensor = arguments[index];
        ElementType<T>.EnsureMatches(tensor.dtype, index);
        return new ReadOnlyTensorView<T>((T*)TensorMemory.DataPointer(tensor), shapes[index]);
    }

    /// <summary>The writable view of the output.</summary>
    public TensorView<T> Output<T>() where T : unmanaged
    {
        ElementType<T>.EnsureMatches(output.dtype, arguments.Length);
        return new TensorView<T>((T*)TensorMemory.DataPointer(output), outputShape);
    }
}

/// <summary>Calls one baked CPU kernel's <c>Run</c> method with the views of <paramref name="call"/>.</summary>
public delegate void CpuKernelInvoker(CpuKernelCall call);
