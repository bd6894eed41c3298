using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KernelGen.Engine.Workers;
using static System.FormattableString;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen suite-report &lt;folder&gt;</c>: scores a GPU suite run (the folder <c>CudaBench kernelbench</c> and
/// <c>scripts/kernelbench_cuda_baselines.py</c> wrote) with the CPU suite's fast_p and geomean (<see cref="SuiteScore"/>),
/// against TorchSharp eager, PyTorch eager and torch.compile, and prints the per-problem table (docs/kernelbench.md).
/// Reads files only: nothing is built, run or rewritten.
/// </summary>
static class SuiteReportCommand
{
    static readonly Argument<DirectoryInfo> Folder = new("folder") { Description = $"The results folder holding {GpuSuiteResults.RunFile} (and {GpuSuiteResults.BaselinesFile})." };
    static readonly Option<bool> Json = CommonOptions.Json();

    static readonly (GpuBaseline Baseline, string Label)[] Baselines =
    [
        (GpuBaseline.TorchSharpEager, "TorchSharp eager"),
        (GpuBaseline.PyTorchEager, "PyTorch eager"),
        (GpuBaseline.TorchCompile, "torch.compile"),
    ];

    public static Command Create()
    {
        var command = new Command("suite-report", "Score a GPU suite run (CudaBench kernelbench) with fast_p against TorchSharp eager, PyTorch eager and torch.compile.")
        {
            Folder, Json,
        };
        command.SetAction((parse, _) => CommandFailures.ReportAsync("suite-report", () =>
        {
            var folder = parse.GetValue(Folder)!;
            if (!folder.Exists) throw new UsageException($"folder not found: {folder.FullName}");
            var results = GpuSuiteResults.Read(folder.FullName);
            if (parse.GetValue(Json)) PrintJson(results);
            else PrintMarkdown(results);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    static void PrintJson(GpuSuiteResults results) => Console.Out.WriteLine(JsonSerializer.Serialize(new
    {
        card = results.Card, dateUtc = results.DateUtc, copyPeakGBs = results.CopyPeakGBs, problems = results.Rows,
        baselines = Baselines.ToDictionary(b => b.Label, b => new
        {
            fastP = results.Fast(b.Baseline).ToDictionary(f => f.P.ToString(CultureInfo.InvariantCulture), f => new { f.Count, f.Total, f.Fraction }),
            geomeanSpeedup = results.Geomean(b.Baseline),
        }),
    }, WorkerJson.Options));

    static void PrintMarkdown(GpuSuiteResults results)
    {
        var output = Console.Out;
        output.WriteLine(Invariant($"Card: {results.Card}; run {results.DateUtc}; copy peak {results.CopyPeakGBs:F0} GB/s (float4 copy kernel, read + write). Times are medians in ms."));
        output.WriteLine();
        output.WriteLine("| problem | status | TorchSharp eager | PyTorch eager | torch.compile | kernel | kernel % of copy peak | eager % of copy peak | vs TorchSharp eager (95 % CI) | vs PyTorch eager | vs torch.compile |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in results.Rows)
        {
            var ci = row.SpeedupCi95Low is { } low ? Invariant($" ({low:F2}–{row.SpeedupCi95High:F2})") : "";
            output.WriteLine($"| {row.Key} {row.Name} | {row.Status} | {Ms(row.TorchSharpEagerMs)} | {Ms(row.PyTorchEagerMs)} | {Ms(row.TorchCompileMs)} | {Ms(row.KernelMs)} | " +
                $"{Percent(row.KernelPercentOfPeak)} | {Percent(row.EagerPercentOfPeak)} | {Ratio(row.Speedup(GpuBaseline.TorchSharpEager))}{ci} | " +
                $"{Ratio(row.Speedup(GpuBaseline.PyTorchEager))} | {Ratio(row.Speedup(GpuBaseline.TorchCompile))} |");
        }
        output.WriteLine();
        output.WriteLine("| baseline | " + string.Join(" | ", SuiteScore.Thresholds.Select(p => Invariant($"fast_{p:0.#}"))) + " | geomean speedup (correct problems) |");
        output.WriteLine("|---|" + string.Concat(SuiteScore.Thresholds.Select(_ => "---|")) + "---|");
        foreach (var (baseline, label) in Baselines)
        {
            var fast = results.Fast(baseline).Select(f => Invariant($"{f.Count}/{f.Total} ({100 * f.Fraction:F1} %)"));
            output.WriteLine($"| {label} | {string.Join(" | ", fast)} | {(results.Geomean(baseline) is { } g ? Invariant($"{g:F2}x") : "—")} |");
        }
        output.WriteLine();
        foreach (var group in results.Rows.Where(r => r.Reason is not null).GroupBy(r => r.Reason))
            output.WriteLine($"- {string.Join(", ", group.Select(r => r.Key))}: {group.Key}");
    }

    static string Ms(double? ms) => ms is { } v ? Invariant($"{v:F3}") : "—";

    static string Percent(double? percent) => percent is { } v ? Invariant($"{v:F1} %") : "—";

    static string Ratio(double? ratio) => ratio is { } v ? Invariant($"{v:F2}x") : "—";
}
