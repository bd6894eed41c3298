using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
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
/// <c>kernelgen suite</c>: runs every annotated module of a project (a problem suite such as samples/KernelBench)
/// through the same verification and benchmark as <c>verify</c> and <c>bench</c>, for each committed CPU variant, and
/// reports per problem correctness, speedup over eager with its interval and % of speed of light, then fast_p and the
/// geometric-mean speedup (docs/kernelbench.md). Read-only: the locks are not rewritten.
/// </summary>
static class SuiteCommand
{
    /// <summary>The environment variable through which <c>--size</c> reaches the project's <c>[KernelInputs]</c> in the worker processes.</summary>
    public const string SizeVariable = "KERNELBENCH_SIZE";

    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<string?> Size = new("--size") { Description = $"Problem size, passed to the project as {SizeVariable}: reduced (CI) or full (KernelBench v0.1). Default: the environment's, else the project's default." };
    static readonly Option<long?> Seed = new("--seed") { Description = "Verification seed (default: a fresh random seed per variant, recorded)." };
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();
    static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        Size.AcceptOnlyFromAmong("reduced", "full");
        var command = new Command("suite", "Verify and benchmark every committed kernel of a problem suite and report fast_p.")
        {
            Project, Size, Seed, NoBuild, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("suite", async () =>
        {
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");
            // Workers inherit this process's environment, so the size reaches [KernelInputs] and factories there.
            if (parse.GetValue(Size) is { } size) Environment.SetEnvironmentVariable(SizeVariable, size);

            var rows = new List<SuiteRow>();
            var notes = new List<string>();
            var peak = await CommonOptions.Progress(parse, parse.GetValue(Json)).RunAsync(async steps =>
            {
                var project = await steps.StepAsync($"build {projectFile.Name}", () => ProjectBuild.ResolveAsync(projectFile.FullName, build: !parse.GetValue(NoBuild), cancellationToken));
                var worker = new WorkerClient();
                var modules = await steps.StepAsync("describe modules", () => worker.DescribeAsync(project.TargetPath, cancellationToken), m => ($"{m.Count} annotated", true));
                var cache = new KernelCache(project.CacheDir);
                var evaluator = new CandidateEvaluator(worker);
                foreach (var module in modules.OrderBy(m => NaturalKey(m.Module), StringComparer.Ordinal))
                    rows.Add(await RunProblemAsync(module, project, cache, evaluator, parse.GetValue(Seed), notes, steps, cancellationToken));
                return await steps.StepAsync("machine peak (probed once, then cached)", () => Task.Run(() => MachinePeakCache.Default.GetOrMeasure()));
            });

            var report = new SuiteReport(Environment.GetEnvironmentVariable(SizeVariable) ?? "project default", rows, notes, peak);
            report.Print(parse.GetValue(Json));
            return rows.Any(r => r.Variants.Any(v => v.Verdict == Verdict.Rejected)) ? ExitCodes.Rejected : ExitCodes.Success;
        });

    static async Task<SuiteRow> RunProblemAsync(
        ModuleDescription module, ProjectOutputs project, KernelCache cache, CandidateEvaluator evaluator, long? seed, List<string> notes, IProgressSteps steps, CancellationToken cancellationToken)
    {
        var found = await CommittedVariants.ReadAsync(cache, module, cancellationToken);
        if (found.HasCache) notes.AddRange(found.Notes);
        var outcomes = new List<VariantOutcome>();
        foreach (var (variant, path, source) in found.Variants)
        {
            var result = (await steps.StepAsync($"verify and benchmark {module.Module} / {variant.Id}",
                step => evaluator.EvaluateAsync(module, project.TargetPath, source, Path.GetFileName(path), variant.Id, seed, progress: EvaluationActivity.On(step), cancellationToken: cancellationToken),
                e => VerifyCommand.Outcome(e.Result))).Result;
            outcomes.Add(new(variant.Id, result.Verdict, result.FailingCheck, result.Reason, result.Selected, result.Benchmark is { } b ? Summary(b) : null));
        }
        var best = outcomes.Where(o => o.Verdict == Verdict.Accepted && o.Benchmark is not null).MaxBy(o => o.Benchmark!.Speedup)
                   ?? outcomes.FirstOrDefault(o => o.Verdict == Verdict.Accepted);
        // A cache with only GPU variants leaves the CPU with the reference, as if there were no cache.
        var status = outcomes.Count == 0 ? (found.HasCache && !found.OnlyOtherBackends ? "no usable kernel" : "reference only") : best is null ? "rejected" : "kernel";
        return new(module.Module, status, best is not null, best?.Variant, best?.Benchmark, outcomes);
    }

    /// <summary>Orders P9 before P12: digit runs compare as numbers.</summary>
    static string NaturalKey(string name) => Regex.Replace(name, "[0-9]+", m => m.Value.PadLeft(10, '0'));

    static BenchmarkSummary Summary(BenchmarkResult b) => new(
        b.ReferenceMedianMs, b.CandidateMedianMs, b.Speedup, b.SpeedupCi95Low, b.SpeedupCi95High, b.TooSmallToMeasure,
        b.SpeedOfLight?.CandidateBandwidthPercent, b.SpeedOfLight?.ReferenceBandwidthPercent, b.SpeedOfLight?.CandidateFlopsPercent,
        b.ReferenceSamplesMs, b.CandidateSamplesMs);

    /// <summary>Cold-mode numbers of one variant's benchmark, with the raw samples (the full evidence is what <c>kernelgen bench</c> records).</summary>
    sealed record BenchmarkSummary(
        double ReferenceMedianMs, double KernelMedianMs, double Speedup, double SpeedupCi95Low, double SpeedupCi95High, bool TooSmallToMeasure,
        double? KernelBandwidthPercentOfPeak, double? ReferenceBandwidthPercentOfPeak, double? KernelFlopsPercentOfPeak,
        IReadOnlyList<double> ReferenceSamplesMs, IReadOnlyList<double> KernelSamplesMs);

    sealed record VariantOutcome(string Variant, Verdict Verdict, string? FailingCheck, string? Reason, bool SelectedByMeasurement, BenchmarkSummary? Benchmark);

    /// <summary>
    /// One problem. Status: kernel (a variant is correct), rejected (every committed variant failed), reference only
    /// (no kernel cache), no usable kernel (a cache whose variants are stale, missing or unverified).
    /// </summary>
    sealed record SuiteRow(string Module, string Status, bool Correct, string? BestVariant, BenchmarkSummary? Benchmark, IReadOnlyList<VariantOutcome> Variants)
    {
        public ScoredProblem ToScore() => new(Module, Correct, Benchmark?.Speedup, Benchmark is { TooSmallToMeasure: false });
    }

    sealed class SuiteReport(string size, IReadOnlyList<SuiteRow> rows, IReadOnlyList<string> notes, MachinePeak peak)
    {
        public void Print(bool json)
        {
            var scored = rows.Select(r => r.ToScore()).ToList();
            var fast = SuiteScore.Thresholds.Select(p => SuiteScore.Fast(scored, p)).ToList();
            var geomean = SuiteScore.GeomeanSpeedup(scored);
            if (json)
            {
                var fastP = fast.ToDictionary(f => f.P.ToString(CultureInfo.InvariantCulture), f => new { f.Count, f.Total, f.Fraction });
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    size, machinePeak = peak, problems = rows, fastP, geomeanSpeedup = geomean,
                    correctProblems = scored.Count(s => s.Correct), totalProblems = scored.Count, notes,
                }, WorkerJson.Options));
                return;
            }
            Console.Out.WriteLine(Invariant($"suite: {rows.Count} problems, size {size}; machine peak {peak.PeakBandwidthGBs:F1} GB/s; cold timings, speedup = eager reference median / kernel median"));
            foreach (var note in notes) Console.Out.WriteLine("note  " + note);
            foreach (var row in rows) Console.Out.WriteLine(Line(row));
            foreach (var f in fast) Console.Out.WriteLine(Invariant($"fast_{f.P:0.#} = {f.Count}/{f.Total} ({100 * f.Fraction:F1} %)"));
            Console.Out.WriteLine(geomean is { } g
                ? Invariant($"geomean speedup over {scored.Count(s => s.Correct && s.Measurable)} correct, measured problem(s): {g:F2}x")
                : "geomean speedup: no correct, measured kernel");
        }

        static string Line(SuiteRow row)
        {
            var head = $"{row.Module,-64} ";
            if (row.Benchmark is not { } b) return head + (row.Status == "kernel" ? "correct, not measured" : row.Status) + Rejections(row);
            var light = b.KernelBandwidthPercentOfPeak is { } k ? Invariant($", {k:F0} % of peak bandwidth (reference {b.ReferenceBandwidthPercentOfPeak:F0} %)") : "";
            var small = b.TooSmallToMeasure ? ", too small to measure" : "";
            return head + Invariant($"correct  {b.Speedup:F2}x (95 % CI {b.SpeedupCi95Low:F2}–{b.SpeedupCi95High:F2}){light}{small}  [{row.BestVariant}]") + Rejections(row);
        }

        static string Rejections(SuiteRow row) =>
            string.Concat(row.Variants.Where(v => v.Verdict == Verdict.Rejected).Select(v => $"\n    rejected {v.Variant}: {v.FailingCheck}: {v.Reason?.ReplaceLineEndings(" ")}"));

        static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
