using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>Maps a kernel's element type <typeparamref name="T"/> to the TorchSharp dtype it views.</summary>
static class ElementType<T> where T : unmanaged
{
    public static readonly ScalarType? ScalarType = default(T) switch
    {
        float => TorchSharp.torch.ScalarType.Float32,
        double => TorchSharp.torch.ScalarType.Float64,
        Half => TorchSharp.torch.ScalarType.Float16,
        int => TorchSharp.torch.ScalarType.Int32,
        long => TorchSharp.torch.ScalarType.Int64,
        short => TorchSharp.torch.ScalarType.Int16,
        sbyte => TorchSharp.torch.ScalarType.Int8,
        byte => TorchSharp.torch.ScalarType.Byte,
        bool => TorchSharp.torch.ScalarType.Bool,
        _ => null,
    };

    public static void EnsureMatches(ScalarType actual, int argument)
    {
        if (ScalarType != actual)
            throw new InvalidOperationException($"kernel argument {argument} is {actual} but the kernel reads it as {typeof(T).Name}");
    }
}
