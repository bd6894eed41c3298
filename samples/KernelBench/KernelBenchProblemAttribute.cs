namespace KernelBench;

/// <summary>
/// Names the KernelBench problem a module ports: its level, its id within the level and its name (the file name in
/// KernelBench/level{level}/ without the id and the extension). Read by the sample's <c>list</c> and
/// <c>crosscheck</c> commands and by the tests.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class KernelBenchProblemAttribute(int level, int id, string name) : Attribute
{
    /// <summary>1 (single ops), 2 (fusions) or 3 (architectures).</summary>
    public int Level { get; } = level;

    /// <summary>The problem's id within its level.</summary>
    public int Id { get; } = id;

    /// <summary>The problem's name, as in KernelBench's file name.</summary>
    public string Name { get; } = name;

    /// <summary>Where the deviation from KernelBench's inputs is, if any (shown by <c>list</c> and in docs/kernelbench.md).</summary>
    public string? Note { get; init; }

    /// <summary>The KernelBench file this module ports, e.g. <c>level2/12_Gemm_Multiply_LeakyReLU.py</c>.</summary>
    public string File => $"level{Level}/{Id}_{Name}.py";
}
