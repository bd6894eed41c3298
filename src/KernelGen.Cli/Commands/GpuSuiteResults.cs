using System.Text.Json;
using System.Text.Json.Nodes;
using KernelGen.Engine.Benchmarking;

namespace KernelGen.Cli.Commands;

/// <summary>A baseline a GPU kernel is scored against.</summary>
enum GpuBaseline
{
    /// <summary>TorchSharp eager: the module's reference, timed interleaved with the kernel in the .NET run.</summary>
    TorchSharpEager,

    /// <summary>PyTorch eager on KernelBench's own model, timed by the baselines script in the same device call.</summary>
    PyTorchEager,

    /// <summary><c>torch.compile</c> (default inductor mode) of that model, same script.</summary>
    TorchCompile,
}

/// <summary>
/// One problem of a GPU suite run: the .NET run's status and medians (<c>CudaBench kernelbench</c>) and the PyTorch
/// medians (<c>scripts/kernelbench_cuda_baselines.py</c>). Times in milliseconds; null where that side did not run.
/// </summary>
sealed record GpuSuiteRow(
    string Key, string Name, string Status, string? Reason, bool Correct,
    double? TorchSharpEagerMs, double? KernelMs, double? SpeedupCi95Low, double? SpeedupCi95High,
    double? PyTorchEagerMs, double? TorchCompileMs, double? KernelPercentOfPeak, double? EagerPercentOfPeak)
{
    /// <summary>The baseline's median, or null when it was not measured.</summary>
    public double? BaselineMs(GpuBaseline baseline) => baseline switch
    {
        GpuBaseline.TorchSharpEager => TorchSharpEagerMs,
        GpuBaseline.PyTorchEager => PyTorchEagerMs,
        _ => TorchCompileMs,
    };

    /// <summary>Baseline median / kernel median, when both were measured.</summary>
    public double? Speedup(GpuBaseline baseline) => BaselineMs(baseline) is { } b && KernelMs is { } k ? b / k : null;

    /// <summary>This problem as the suite's scoring (<see cref="SuiteScore"/>) sees it against one baseline.</summary>
    public ScoredProblem Score(GpuBaseline baseline) => new(Key, Correct, Speedup(baseline),
        BaselineMs(baseline) is { } b && KernelMs is { } k && Math.Min(b, k) >= HarnessSettings.MinimumMeasurable.TotalMilliseconds);
}

/// <summary>The results folder of one GPU suite run, read and scored with the CPU suite's fast_p and geomean.</summary>
sealed class GpuSuiteResults(string card, string dateUtc, double copyPeakGBs, IReadOnlyList<GpuSuiteRow> rows)
{
    /// <summary>The .NET run's file.</summary>
    public const string RunFile = "cuda-kernelbench.json";

    /// <summary>The PyTorch baselines' file.</summary>
    public const string BaselinesFile = "cuda-kernelbench-baselines.json";

    public string Card { get; } = card;

    public string DateUtc { get; } = dateUtc;

    public double CopyPeakGBs { get; } = copyPeakGBs;

    public IReadOnlyList<GpuSuiteRow> Rows { get; } = rows;

    /// <summary>fast_p at the suite's thresholds against <paramref name="baseline"/>, over every problem of the run.</summary>
    public IReadOnlyList<FastP> Fast(GpuBaseline baseline) => [.. SuiteScore.Thresholds.Select(p => SuiteScore.Fast(Scored(baseline), p))];

    /// <summary>The geometric mean of the correct, measured problems' speedups against <paramref name="baseline"/>.</summary>
    public double? Geomean(GpuBaseline baseline) => SuiteScore.GeomeanSpeedup(Scored(baseline));

    List<ScoredProblem> Scored(GpuBaseline baseline) => [.. Rows.Select(r => r.Score(baseline))];

    /// <summary>Reads <see cref="RunFile"/> and, if present, <see cref="BaselinesFile"/> from <paramref name="folder"/>.</summary>
    /// <exception cref="UsageException">A file is missing or malformed; the message names it and says what to do.</exception>
    public static GpuSuiteResults Read(string folder)
    {
        var runPath = Path.Combine(folder, RunFile);
        var run = Load(runPath, required: true)!;
        var baselines = Load(Path.Combine(folder, BaselinesFile), required: false);
        try
        {
            var peak = run["copyPeak"]!["kernelGBs"]!.GetValue<double>();
            var measured = baselines?["problems"]!.AsObject();
            var rows = run["problems"]!.AsArray().Select(p => Row(p!.AsObject(), measured?[p!["key"]!.GetValue<string>()]?.AsObject(), peak)).ToList();
            var card = baselines?["device"]!["name"]!.GetValue<string>() ?? "(no baselines file: card not recorded)";
            return new(card, run["dateUtc"]!.GetValue<string>(), peak, rows);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{runPath} or {BaselinesFile}: not the output of 'CudaBench kernelbench' and the baselines script ({e.Message}); re-run them (docs/kernelbench.md)");
        }
    }

    static GpuSuiteRow Row(JsonObject problem, JsonObject? baseline, double peakGBs)
    {
        var status = problem["status"]!.GetValue<string>();
        var cuda = problem["cuda"]?.AsObject();
        var bench = cuda?["benchmark"]?.AsObject();
        var eager = problem["eager"]?.AsObject();
        return new(
            problem["key"]!.GetValue<string>(), problem["name"]!.GetValue<string>(), status,
            problem["reason"]?.GetValue<string>() ?? cuda?["verification"]?["reason"]?.GetValue<string>(),
            status == "kernel" && cuda!["verification"]!["verdict"]!.GetValue<string>() == "pass",
            bench?["eagerMedianMs"]?.GetValue<double>() ?? eager?["medianMs"]?.GetValue<double>(),
            bench?["kernelMedianMs"]?.GetValue<double>(),
            bench?["speedupCi95Low"]?.GetValue<double>(), bench?["speedupCi95High"]?.GetValue<double>(),
            baseline?["eagerMedianMs"]?.GetValue<double>(), baseline?["compiledMedianMs"]?.GetValue<double>(),
            bench?["kernelPercentOfCopyPeak"]?.GetValue<double>(),
            eager?["percentOfCopyPeak"]?.GetValue<double>() ?? (bench is null ? null : 100 * bench["eagerGBsOfIdealBytes"]!.GetValue<double>() / peakGBs));
    }

    static JsonNode? Load(string path, bool required)
    {
        if (!File.Exists(path))
            return required ? throw new UsageException($"{path} not found: give the folder that 'CudaBench kernelbench --out' wrote (docs/kernelbench.md)") : null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) ?? throw new UsageException($"{path} is empty: re-run the step that writes it");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not valid JSON ({e.Message}): re-run the step that writes it");
        }
    }
}
