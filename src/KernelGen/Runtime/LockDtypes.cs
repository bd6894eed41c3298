using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// The dtype names kernel locks and contracts use (PyTorch's, without the <c>torch.</c> prefix). One table for the
/// engine that writes them and the GPU variants that compare call arguments against them.
/// </summary>
static class LockDtypes
{
    public static string Name(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}
