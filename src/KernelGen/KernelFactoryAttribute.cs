namespace KernelGen;

/// <summary>
/// Marks a parameterless static method that constructs the module for generation, verification and
/// benchmarks (like KernelBench's <c>get_init_inputs()</c>). Optional when the module has a public
/// parameterless constructor.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelFactoryAttribute : Attribute;
