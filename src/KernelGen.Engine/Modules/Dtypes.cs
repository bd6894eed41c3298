using static TorchSharp.torch;

namespace KernelGen.Engine.Modules;

/// <summary>The contract's dtype names (PyTorch's, without the <c>torch.</c> prefix) for TorchSharp scalar types.</summary>
public static class Dtypes
{
    public static string Name(ScalarType type) => KernelGen.Runtime.LockDtypes.Name(type);

    public static ScalarType Parse(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "float16" => ScalarType.Float16,
        "bfloat16" => ScalarType.BFloat16,
        "int32" => ScalarType.Int32,
        "int64" => ScalarType.Int64,
        "int16" => ScalarType.Int16,
        "int8" => ScalarType.Int8,
        "uint8" => ScalarType.Byte,
        "bool" => ScalarType.Bool,
        _ => throw new ArgumentException($"unknown dtype '{name}'", nameof(name)),
    };

    public static bool IsFloatingPoint(ScalarType type) => type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;
}
