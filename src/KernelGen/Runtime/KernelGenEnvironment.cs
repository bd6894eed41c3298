using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelGen.Runtime;

/// <summary>
/// Process-wide switches, read once from the environment and settable from code (see docs/runtime.md):
/// <c>KERNELGEN_DISABLE=1</c> runs every reference; <c>KERNELGEN_BACKENDS=cpu,cuda</c> limits the backends used;
/// <c>KERNELGEN_SHADOW_RATE=0.01</c> checks that fraction of kernel calls against the reference.
/// </summary>
public static class KernelGenEnvironment
{
    // Snapshots replaced as a whole, so a reader on another thread never sees a half-updated set.
    static volatile HashSet<string>? enabledBackends = ParseBackends(Environment.GetEnvironmentVariable("KERNELGEN_BACKENDS"));
    static volatile ILogger logger = NullLogger.Instance;
    static ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
    static double shadowRate = ParseShadowRate(Environment.GetEnvironmentVariable("KERNELGEN_SHADOW_RATE"));

    /// <summary>When true, every annotated module runs its reference.</summary>
    public static bool Disabled { get; set; } = Environment.GetEnvironmentVariable("KERNELGEN_DISABLE") is "1" or "true" or "TRUE" or "True";

    /// <summary>
    /// The backends whose kernels may run (case-insensitive, e.g. <c>cpu</c>), or null for all of them.
    /// Starts from <c>KERNELGEN_BACKENDS</c> (unset or blank: all); an empty collection set from code enables none.
    /// </summary>
    public static IReadOnlyCollection<string>? Backends
    {
        get => enabledBackends;
        set => enabledBackends = value is null ? null : new HashSet<string>(value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The fraction of kernel calls (0 to 1) that also run the reference and compare the results; a disagreement
    /// disables the variant and the call returns the reference's result. Starts from <c>KERNELGEN_SHADOW_RATE</c>
    /// (0 when unset or not a number in [0, 1]).
    /// </summary>
    public static double ShadowRate
    {
        get => Volatile.Read(ref shadowRate);
        set
        {
            if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(nameof(value), value, "the shadow rate is a fraction from 0 to 1");
            Volatile.Write(ref shadowRate, value);
        }
    }

    /// <summary>Where KernelGen logs disabled variants and shadow-check disagreements (category <c>KernelGen</c>); nothing by default.</summary>
    public static ILoggerFactory LoggerFactory
    {
        get => Volatile.Read(ref loggerFactory);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref loggerFactory, value);
            logger = value.CreateLogger("KernelGen");
        }
    }

    /// <summary>Whether kernels of <paramref name="backend"/> may run (all may unless <see cref="Backends"/> is set).</summary>
    public static bool IsBackendEnabled(string backend) => enabledBackends is not { } enabled || enabled.Contains(backend);

    internal static ILogger Logger => logger;

    internal static HashSet<string>? ParseBackends(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : new HashSet<string>(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    internal static double ParseShadowRate(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0 && rate <= 1 ? rate : 0;
}
