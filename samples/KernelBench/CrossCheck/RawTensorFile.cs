using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace KernelBench.CrossCheck;

/// <summary>Reads the raw little-endian tensor files crosscheck.py writes (float32, float64).</summary>
public static class RawTensorFile
{
    /// <summary>The tensor described by <paramref name="entry"/>, relative to <paramref name="folder"/>.</summary>
    public static Tensor Read(string folder, TensorFile entry)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("cross-check files are little-endian");
        var path = Path.Combine(folder, entry.File);
        var bytes = File.ReadAllBytes(path);
        var count = entry.Shape.Aggregate(1L, (a, b) => a * b);
        var elementSize = entry.Dtype switch
        {
            "float32" => sizeof(float),
            "float64" => sizeof(double),
            _ => throw new InvalidOperationException($"{path}: dtype '{entry.Dtype}' is not supported (float32, float64)"),
        };
        if (bytes.LongLength != count * elementSize)
            throw new InvalidOperationException($"{path}: {bytes.LongLength} bytes, expected {count} × {elementSize} for shape [{string.Join(", ", entry.Shape)}]");
        return entry.Dtype == "float32"
            ? tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), entry.Shape)
            : tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), entry.Shape);
    }
}
