namespace KernelGen.SourceGenerators.Models;

/// <summary>
/// A tensor dtype as the lock file spells it, with the names generated code needs: the TorchSharp
/// <c>ScalarType</c> member and the C# element type a kernel view uses for it.
/// </summary>
internal sealed record TensorDtype(string LockName, string ScalarTypeMember, string ElementType, string ElementTypeAlias)
{
    static readonly TensorDtype[] All =
    [
        new("float32", "Float32", "float", "System.Single"),
        new("float64", "Float64", "double", "System.Double"),
        new("float16", "Float16", "global::System.Half", "System.Half"),
        new("int32", "Int32", "int", "System.Int32"),
        new("int64", "Int64", "long", "System.Int64"),
        new("int16", "Int16", "short", "System.Int16"),
        new("int8", "Int8", "sbyte", "System.SByte"),
        new("uint8", "Byte", "byte", "System.Byte"),
        new("bool", "Bool", "bool", "System.Boolean"),
    ];

    public static TensorDtype? FromLockName(string name)
    {
        foreach (var dtype in All)
        {
            if (dtype.LockName == name) return dtype;
        }
        return null;
    }

    /// <summary>
    /// True when <paramref name="typeName"/>, as written in a kernel (a keyword, <c>Half</c>, or a System type name
    /// with or without its namespace), names this dtype's element type.
    /// </summary>
    public bool IsWrittenAs(string typeName)
    {
        var unqualified = typeName.StartsWith("global::", System.StringComparison.Ordinal) ? typeName.Substring("global::".Length) : typeName;
        return unqualified == ElementType
            || unqualified == ElementTypeAlias
            || unqualified == ElementTypeAlias.Substring("System.".Length);
    }

    public override string ToString() => LockName;
}
