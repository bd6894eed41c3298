using System.Globalization;
using System.Text.Json;
using static TorchSharp.torch;

namespace KernelBench.GemmShare;

/// <summary>
/// <c>KernelBench gemm-share [--pairs N] [--only L2-9,L2-12] [--json]</c>: for every Level-2 problem (or those named),
/// the share of the eager forward spent in its GEMMs, measured at the current size (<c>KERNELBENCH_SIZE</c>). Progress
/// goes to stderr; the table, or the JSON with every raw sample, to stdout.
/// </summary>
static class GemmShareCommand
{
    /// <summary>Timed pairs per problem when <c>--pairs</c> is not given.</summary>
    public const int DefaultPairs = 5;

    /// <summary>Environment that changes eager timings (the engine's workers set the same for benchmarks); recorded with the results.</summary>
    static readonly string[] TimingVariables = ["OMP_WAIT_POLICY", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_"];

    public static int Run(IReadOnlyList<string> args)
    {
        var pairs = DefaultPairs;
        HashSet<string>? only = null;
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--pairs" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    pairs = n;
                    i++;
                    break;
                case "--only" when i + 1 < args.Count:
                    only = KernelBenchSize.ParseKeys(args[++i]);
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    throw new InvalidOperationException($"gemm-share: unknown or incomplete option '{args[i]}'; usage: KernelBench gemm-share [--pairs N] [--only L2-9,L2-12] [--json]");
            }
        }

        var problems = Problem.All.Where(p => p.Info.Level == 2 && (only is null || only.Contains(p.Key))).ToList();
        if (only is not null && only.Except(problems.Select(p => p.Key)).ToList() is { Count: > 0 } unknown)
            throw new InvalidOperationException($"gemm-share: no Level-2 problem {string.Join(", ", unknown)}; see `KernelBench list`.");

        var started = DateTime.UtcNow;
        var results = new List<GemmShareResult>();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"gemm-share: {problem.Key} {problem.Info.Name} ...");
            var result = GemmShareMeasurement.Measure(problem, pairs);
            results.Add(result);
            Console.Error.WriteLine($"gemm-share: {problem.Key} {(result.Summary is { } s ? $"share {s.ShareMedian:P1}" : result.Skipped)}");
        }

        var report = new GemmShareReport(
            KernelBenchSize.IsFull ? "full" : "reduced",
            pairs,
            started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Environment.ProcessorCount,
            get_num_threads(),
            TimingVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable),
            results);
        Console.WriteLine(json ? JsonSerializer.Serialize(report, JsonOptions) : Table(report));
        return 0;
    }

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    static string Table(GemmShareReport report)
    {
        var lines = new List<string>
        {
            $"size {report.Size}, {report.Pairs} interleaved pairs per problem, {report.ProcessorCount} cores, {report.TorchThreads} LibTorch threads",
            "problem  GEMMs (batch x in x out)            forward ms   GEMM ms   GEMM share (min-max)   of minima   bound   GEMM GFLOP/s  load before/after",
        };
        foreach (var r in report.Problems)
        {
            var gemms = string.Join(" + ", r.Gemms.Select(g => $"{g.Batch}x{g.In}x{g.Out}"));
            lines.Add(r.Summary is not { } s
                ? $"{r.Key,-8} skipped: {r.Skipped}"
                : $"{r.Key,-8} {gemms,-34} {s.ForwardMedianMs,10:F1} {s.GemmMedianMs,9:F1}   "
                  + $"{s.ShareMedian,6:P1} ({s.ShareMin:P1}-{s.ShareMax:P1})  {s.ShareOfMinima,8:P1}  {s.BoundSpeedup,6:F3}x "
                  + $"{s.GemmGflops,12:F1}  {r.LoadBefore?[0]:F2}/{r.LoadAfter?[0]:F2}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>The whole run: size, protocol, machine and environment, and every problem's result with its raw samples.</summary>
public sealed record GemmShareReport(
    string Size,
    int Pairs,
    string StartedUtc,
    int ProcessorCount,
    int TorchThreads,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyList<GemmShareResult> Problems);
