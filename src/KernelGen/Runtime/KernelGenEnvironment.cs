namespace KernelGen.Runtime;

/// <summary>
/// Process-wide switches, read once from the environment and settable from code:
/// <c>KERNELGEN_DISABLE=1</c> runs every reference; <c>KERNELGEN_BACKENDS=cpu,cuda</c> limits the backends used.
/// </summary>
public static class KernelGenEnvironment
{
    static readonly HashSet<string>? enabledBackends = ParseBackends(Environment.GetEnvironmentVariable("KERNELGEN_BACKENDS"));

    /// <summary>When true, every annotated module runs its reference.</summary>
    public static bool Disabled { get; set; } = Environment.GetEnvironmentVariable("KERNELGEN_DISABLE") is "1" or "true" or "TRUE" or "True";

    /// <summary>Whether kernels of <paramref name="backend"/> may run (all may unless KERNELGEN_BACKENDS is set).</summary>
    public static bool IsBackendEnabled(string backend) => enabledBackends is null || enabledBackends.Contains(backend);

    static HashSet<string>? ParseBackends(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : new HashSet<string>(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
}
