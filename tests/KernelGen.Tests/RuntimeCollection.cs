namespace KernelGen.Tests;

/// <summary>
/// Tests that change KernelGenEnvironment (process-wide switches, the logger factory) or count process-wide metrics
/// must not run beside each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RuntimeCollection
{
    public const string Name = "Runtime";
}
