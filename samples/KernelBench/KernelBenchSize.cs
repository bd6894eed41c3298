using System.Reflection;

namespace KernelBench;

/// <summary>
/// Which sizes the problems' <c>[KernelInputs]</c> and factories use: KernelBench v0.1's (<c>full</c>) or small ones
/// for CI and the PyTorch cross-check (<c>reduced</c>, the default). Chosen by the environment variable
/// <c>KERNELBENCH_SIZE</c>, read once per process, so that the engine's worker processes (which inherit the
/// environment) build the same problem as the tool that started them. Under <c>full</c>,
/// <c>KERNELBENCH_FULL_ONLY</c> (comma-separated keys such as <c>L2-14</c>) limits the full size to those problems and
/// keeps the others reduced: the engine describes every module of the assembly by running its reference once, and
/// some v0.1 sizes (e.g. level 1's 112×64×512×512 norms, 7.5 GB per tensor) do not fit a small machine.
/// </summary>
public static class KernelBenchSize
{
    /// <summary>The environment variable that selects the size.</summary>
    public const string Variable = "KERNELBENCH_SIZE";

    /// <summary>The environment variable that limits <c>full</c> to some problems.</summary>
    public const string FullOnlyVariable = "KERNELBENCH_FULL_ONLY";

    /// <summary>True under <c>KERNELBENCH_SIZE=full</c>.</summary>
    public static bool IsFull { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    static readonly HashSet<string>? FullOnly = ParseKeys(Environment.GetEnvironmentVariable(FullOnlyVariable));

    /// <summary>The size problem <typeparamref name="TProblem"/> runs at in this process.</summary>
    public static ProblemSize Of<TProblem>() => new(IsFullFor(typeof(TProblem)));

    /// <summary>Whether the problem <paramref name="type"/> runs at KernelBench's v0.1 size in this process.</summary>
    public static bool IsFullFor(Type type)
    {
        if (!IsFull) return false;
        if (FullOnly is null) return true;
        var info = type.GetCustomAttribute<KernelBenchProblemAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [KernelBenchProblem]");
        return FullOnly.Contains($"L{info.Level}-{info.Id}");
    }

    /// <summary>Reads a value of <c>KERNELBENCH_SIZE</c>: unset, empty or <c>reduced</c> → false, <c>full</c> → true, anything else an error.</summary>
    public static bool Parse(string? value) => value switch
    {
        null or "" or "reduced" => false,
        "full" => true,
        _ => throw new InvalidOperationException($"{Variable}='{value}' is not a size: use 'full' (KernelBench v0.1 sizes) or 'reduced' (the default)."),
    };

    /// <summary>Reads <c>KERNELBENCH_FULL_ONLY</c>: null when unset (every problem), else the set of keys such as <c>L2-14</c>.</summary>
    public static HashSet<string>? ParseKeys(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var keys = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var malformed = keys.Where(k => !System.Text.RegularExpressions.Regex.IsMatch(k, "^L[123]-[0-9]+$")).ToList();
        return malformed.Count == 0 ? keys
            : throw new InvalidOperationException($"{FullOnlyVariable}: '{string.Join("', '", malformed)}' is not a problem key; use level and id like L2-14, comma-separated.");
    }
}

/// <summary>One problem's size choice.</summary>
/// <param name="IsFull">True for KernelBench's v0.1 size.</param>
public readonly record struct ProblemSize(bool IsFull)
{
    /// <summary><paramref name="full"/> at the v0.1 size, else <paramref name="reduced"/>.</summary>
    public T Select<T>(T full, T reduced) => IsFull ? full : reduced;
}
