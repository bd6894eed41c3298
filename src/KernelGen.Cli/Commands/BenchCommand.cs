using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KernelGen.Cli.Output;
using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Projects;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen bench</c>: re-measures every committed, verified CPU variant against the reference on this machine
/// (cold and warm, docs/benchmarking.md) and rewrites the <c>benchmark</c> evidence in the lock. The selection changes
/// only with <c>--select</c>. Each variant is verified again first: a kernel is never timed on trust.
/// </summary>
static class BenchCommand
{
    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<string?> Module = CommonOptions.Module();
    static readonly Option<bool> Select = new("--select") { Description = "Also update 'selected' from the new measurement." };
    static readonly Option<bool> Reprobe = new("--reprobe") { Description = "Probe the machine's peak bandwidth and FMA throughput again first (the best result is kept)." };
    static readonly Option<FileInfo?> Csv = new("--csv") { Description = "Write every raw sample to this CSV file." };
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();
    static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("bench", "Re-measure committed kernels against their reference on this machine and update the benchmark evidence.")
        {
            Project, Module, Select, Reprobe, Csv, NoBuild, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("bench", async () =>
        {
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");
            var report = new BenchReport();
            await CommonOptions.Progress(parse, parse.GetValue(Json)).RunAsync(async steps =>
            {
                var project = await steps.StepAsync($"build {projectFile.Name}", () => ProjectBuild.ResolveAsync(projectFile.FullName, build: !parse.GetValue(NoBuild), cancellationToken));
                var worker = new WorkerClient();
                var described = await steps.StepAsync("describe modules", () => worker.DescribeAsync(project.TargetPath, cancellationToken), m => ($"{m.Count} annotated", true));
                var modules = ModuleSelection.Select(described, parse.GetValue(Module));
                var cache = new KernelCache(project.CacheDir);
                var evaluator = new CandidateEvaluator(worker);
                if (parse.GetValue(Reprobe)) report.Peak = await steps.StepAsync("probe the machine's peak again", () => Task.Run(() => MachinePeakCache.Default.Remeasure()));
                foreach (var module in modules)
                    await BenchModuleAsync(module, project, cache, evaluator, parse.GetValue(Select), report, steps, cancellationToken);
                report.Peak ??= await steps.StepAsync("machine peak (probed once, then cached)", () => Task.Run(() => MachinePeakCache.Default.GetOrMeasure()));
                return report;
            });
            if (parse.GetValue(Csv) is { } csv) report.WriteCsv(csv.FullName);
            report.Print(parse.GetValue(Json), CommonOptions.Mode(parse, parse.GetValue(Json)));
            return report.AllMeasured ? ExitCodes.Success : ExitCodes.Rejected;
        });

    static async Task BenchModuleAsync(ModuleDescription module, ProjectOutputs project, KernelCache cache, CandidateEvaluator evaluator, bool select, BenchReport report, IProgressSteps steps, CancellationToken cancellationToken)
    {
        var found = await CommittedVariants.ReadAsync(cache, module, cancellationToken);
        foreach (var note in found.Notes) report.Note(note);
        foreach (var (variant, path, source) in found.Variants)
        {
            var evaluation = await steps.StepAsync($"verify and benchmark {module.Module} / {variant.Id}",
                step => evaluator.EvaluateAsync(module, project.TargetPath, source, Path.GetFileName(path), variant.Id, progress: EvaluationActivity.On(step), cancellationToken: cancellationToken),
                e => VerifyCommand.Outcome(e.Result));
            var result = evaluation.Result;
            var selected = select ? result.Selected : variant.Selected;
            if (result.Benchmark is not null || selected != variant.Selected)
                cache.UpdateBenchmark(module.Module, variant.Id, result.Benchmark, selected);
            report.Add(module.Module, variant.Id, result, variant.Selected, selected);
        }
    }

    /// <summary>What bench measured, printed for people or as JSON, and the raw samples as CSV.</summary>
    sealed class BenchReport
    {
        readonly List<BenchedVariant> results = [];
        readonly List<string> notes = [];

        /// <summary>The machine's peak as the cache holds it after the run (the worker may have probed or re-probed).</summary>
        public MachinePeak? Peak { get; set; }

        public bool AllMeasured => results.All(r => r.Verdict == Verdict.Accepted);

        public void Add(string module, string variant, EvaluationResult result, bool wasSelected, bool selected) =>
            results.Add(new BenchedVariant(module, variant, result.Verdict, result.FailingCheck, result.Reason, wasSelected, selected, result.Selected, result.Benchmark));

        public void Note(string note) => notes.Add(note);

        public void Print(bool json, OutputMode mode)
        {
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { machinePeak = Peak, results, notes }, WorkerJson.Options));
                return;
            }
            if (Peak is { } peak)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"machine peak: {peak.PeakBandwidthGBs:F1} GB/s (triad {peak.TriadGBs:F1}, non-temporal {peak.NonTemporalTriadGBs:F1}), {peak.PeakGflops:F0} GFLOP/s FP32 FMA; probed {peak.MeasuredUtc}, load average {peak.LoadAverage:F2}"));
            foreach (var note in notes) Console.Out.WriteLine(note);
            foreach (var r in results)
            {
                Console.Out.WriteLine($"{r.Module} / {r.Variant}");
                if (r.Benchmark is { } b)
                {
                    Console.Out.WriteLine("  " + Line(TimingMode.Cold, b.ReferenceMedianMs, b.CandidateMedianMs, b.Speedup, b.SpeedupCi95Low, b.SpeedupCi95High, b.ReferenceOutliers, b.CandidateOutliers, b.SpeedOfLight));
                    if (b.Warm is { } w)
                        Console.Out.WriteLine("  " + Line(TimingMode.Warm, w.ReferenceMedianMs, w.CandidateMedianMs, w.Speedup, w.SpeedupCi95Low, w.SpeedupCi95High, w.ReferenceOutliers, w.CandidateOutliers, w.SpeedOfLight));
                    if (b.TooSmallToMeasure) Console.Out.WriteLine($"  flagged: a median is below {HarnessSettings.MinimumMeasurable.TotalMicroseconds:0} µs, too small to measure more than overhead");
                    if (!b.WarmupStable) Console.Out.WriteLine("  note: warm-up reached its bound before the times settled");
                    if (b.LoadAverage is [var before, var after]) Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load average {before:F2} -> {after:F2} ({Environment.ProcessorCount} cores)"));
                }
                if (r.Verdict == Verdict.Rejected) Console.Out.WriteLine($"  FAIL  {r.FailingCheck}: {r.Reason?.ReplaceLineEndings("\n        ")}");
                var selection = r.Selected == r.WasSelected ? $"selected: {Yes(r.Selected)} (unchanged)" : $"selected: {Yes(r.WasSelected)} -> {Yes(r.Selected)}";
                var wouldBe = r.Selected == r.SelectedByMeasurement ? "" : $"; this measurement alone would make it {Yes(r.SelectedByMeasurement)} (use --select)";
                Console.Out.WriteLine($"  => {selection}{wouldBe}{(r.Benchmark is null ? "" : "; benchmark evidence updated")}");
            }
            var measured = results.Count(r => r.Verdict == Verdict.Accepted);
            Console.Out.WriteLine($"{measured} of {results.Count} variant(s) re-measured, {results.Count - measured} rejected");
            SummaryTable.Write(mode, Console.Out, ["module", "variant", "cold speedup (95 % CI)", "warm speedup (95 % CI)", "% of peak", "selected"], results.Select(r => (IReadOnlyList<string>)
            [
                r.Module, r.Variant,
                r.Benchmark is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.Speedup:F2}x ({b.SpeedupCi95Low:F2}–{b.SpeedupCi95High:F2})") : $"rejected by {r.FailingCheck}",
                r.Benchmark?.Warm is { } w ? string.Create(CultureInfo.InvariantCulture, $"{w.Speedup:F2}x ({w.SpeedupCi95Low:F2}–{w.SpeedupCi95High:F2})") : "",
                r.Benchmark?.SpeedOfLight is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.CandidateBandwidthPercent:F0} %") : "",
                r.Selected == r.WasSelected ? Yes(r.Selected) : $"{Yes(r.WasSelected)} -> {Yes(r.Selected)}",
            ]));
        }

        static string Yes(bool value) => value ? "yes" : "no";

        static string Line(TimingMode mode, double referenceMs, double candidateMs, double speedup, double low, double high, int referenceOutliers, int candidateOutliers, SpeedOfLightEvidence? speedOfLight) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{mode.ToString().ToLowerInvariant(),-4}  reference {referenceMs:F3} ms, kernel {candidateMs:F3} ms, {speedup:F2}x (95 % CI {low:F2}–{high:F2})")
            + (speedOfLight is { } s ? string.Create(CultureInfo.InvariantCulture, $", kernel {s.CandidateBandwidthGBs:F1} GB/s = {s.CandidateBandwidthPercent:F0} % of peak {s.PeakBandwidthGBs:F1} GB/s") : "")
            + $", outliers (>3 MAD, kept) {referenceOutliers} + {candidateOutliers}";

        /// <summary>One row per raw sample: module, variant, mode, side, index, milliseconds.</summary>
        public void WriteCsv(string path)
        {
            var csv = new StringBuilder("module,variant,mode,side,sample,ms\n");
            foreach (var r in results.Where(r => r.Benchmark is not null))
            {
                var b = r.Benchmark!;
                Rows(csv, r, TimingMode.Cold, "reference", b.ReferenceSamplesMs);
                Rows(csv, r, TimingMode.Cold, "kernel", b.CandidateSamplesMs);
                if (b.Warm is { } w)
                {
                    Rows(csv, r, TimingMode.Warm, "reference", w.ReferenceSamplesMs);
                    Rows(csv, r, TimingMode.Warm, "kernel", w.CandidateSamplesMs);
                }
            }
            AtomicFile.WriteAllText(path, csv.ToString());
        }

        static void Rows(StringBuilder csv, BenchedVariant r, TimingMode mode, string side, IReadOnlyList<double> samples)
        {
            for (var i = 0; i < samples.Count; i++)
                csv.Append(CultureInfo.InvariantCulture, $"{r.Module},{r.Variant},{mode.ToString().ToLowerInvariant()},{side},{i},{samples[i]:R}\n");
        }

        /// <summary>
        /// One variant's outcome: the selection before and after (which differ only with --select) and what the
        /// selection rule says about this measurement alone.
        /// </summary>
        sealed record BenchedVariant(
            string Module, string Variant, Verdict Verdict, string? FailingCheck, string? Reason, bool WasSelected, bool Selected,
            bool SelectedByMeasurement, BenchmarkResult? Benchmark);
    }
}
