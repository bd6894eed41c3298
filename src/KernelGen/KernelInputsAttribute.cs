namespace KernelGen;

/// <summary>
/// Marks a <c>static Tensor[] Inputs(Device device)</c> method that returns sample inputs at the sizes that
/// matter (like KernelBench's <c>get_inputs()</c>). Verification perturbs them; benchmarks use them as given.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelInputsAttribute : Attribute;
