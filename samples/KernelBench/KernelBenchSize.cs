namespace KernelBench;

/// <summary>
/// Which sizes the problems' <c>[KernelInputs]</c> and factories use: KernelBench v0.1's (<c>full</c>) or small ones
/// for CI and the PyTorch cross-check (<c>reduced</c>, the default). Chosen by the environment variable
/// <c>KERNELBENCH_SIZE</c>, read once per process, so that the engine's worker processes (which inherit the
/// environment) build the same problem as the tool that started them.
/// </summary>
public static class KernelBenchSize
{
    /// <summary>The environment variable that selects the size.</summary>
    public const string Variable = "KERNELBENCH_SIZE";

    /// <summary>True for KernelBench v0.1's sizes, false for the reduced ones.</summary>
    public static bool IsFull { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary><paramref name="full"/> under <c>KERNELBENCH_SIZE=full</c>, else <paramref name="reduced"/>.</summary>
    public static T Select<T>(T full, T reduced) => IsFull ? full : reduced;

    /// <summary>Reads a value of <c>KERNELBENCH_SIZE</c>: unset, empty or <c>reduced</c> → false, <c>full</c> → true, anything else an error.</summary>
    public static bool Parse(string? value) => value switch
    {
        null or "" or "reduced" => false,
        "full" => true,
        _ => throw new InvalidOperationException($"{Variable}='{value}' is not a size: use 'full' (KernelBench v0.1 sizes) or 'reduced' (the default)."),
    };
}
