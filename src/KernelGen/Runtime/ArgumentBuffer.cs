using System.Runtime.CompilerServices;
using KernelGen.Cpu;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>Stack storage for a kernel call's tensors (inputs, then module state), so dispatch allocates no array.</summary>
[InlineArray(Capacity)]
struct ArgumentBuffer
{
    public const int Capacity = 16;
    Tensor element;
}

/// <summary>Stack storage for the arguments' shapes.</summary>
[InlineArray(ArgumentBuffer.Capacity)]
struct ShapeBuffer
{
    TensorShape element;
}

/// <summary>Stack storage for the arguments' traits.</summary>
[InlineArray(ArgumentBuffer.Capacity)]
struct TraitsBuffer
{
    ArgumentTraits element;
}
