using System.CommandLine;
using System.Text.RegularExpressions;
using KernelGen.Cli.Output;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Projects;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen verify</c>: without <c>--candidate</c>, re-verifies and re-benchmarks every committed variant and
/// refreshes its evidence in the lock; with <c>--candidate</c>, verifies that file and, with <c>--commit</c>, adds it.
/// </summary>
static partial class VerifyCommand
{
    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<string?> Module = CommonOptions.Module();
    static readonly Option<FileInfo?> Candidate = new("--candidate") { Description = "A kernel source file to verify instead of the committed variants." };
    static readonly Option<string?> Variant = new("--variant") { Description = "The candidate's variant id ([a-z0-9-]+); default: from the file name." };
    static readonly Option<bool> Commit = new("--commit") { Description = "Add an accepted candidate to the kernel cache." };
    static readonly Option<string> Origin = new("--origin") { Description = "Provenance of a committed candidate.", DefaultValueFactory = _ => KernelProvenance.HandWritten };
    static readonly Option<string> Backend = new("--backend") { Description = "The backend to verify.", DefaultValueFactory = _ => "cpu" };
    static readonly Option<long?> Seed = new("--seed") { Description = "Verification seed (default: a fresh random seed, recorded in the evidence)." };
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();
    static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        Origin.AcceptOnlyFromAmong(KernelProvenance.HandWritten, KernelProvenance.Llm);
        Backend.AcceptOnlyFromAmong("cpu");
        var command = new Command("verify", "Verify and benchmark kernels: a candidate file, or every committed variant.")
        {
            Project, Module, Candidate, Variant, Commit, Origin, Backend, Seed, NoBuild, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("verify", async () =>
        {
            var report = new VerifyReport(parse.GetValue(Json), CommonOptions.Mode(parse, parse.GetValue(Json)));
            var candidate = parse.GetValue(Candidate);
            if (candidate is null && (parse.GetValue(Commit) || parse.GetValue(Variant) is not null))
                throw new UsageException("--commit and --variant apply only with --candidate");
            if (candidate is not null && !candidate.Exists) throw new UsageException($"candidate file not found: {candidate.FullName}");
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");

            await CommonOptions.Progress(parse, parse.GetValue(Json)).RunAsync(async steps =>
            {
                var project = await steps.StepAsync($"build {projectFile.Name}", () => ProjectBuild.ResolveAsync(projectFile.FullName, build: !parse.GetValue(NoBuild), cancellationToken));
                var worker = new WorkerClient();
                var described = await steps.StepAsync("describe modules", () => worker.DescribeAsync(project.TargetPath, cancellationToken), m => ($"{m.Count} annotated", true));
                var modules = ModuleSelection.Select(described, parse.GetValue(Module));
                var evaluator = new CandidateEvaluator(worker);
                var cache = new KernelCache(project.CacheDir);
                var seed = parse.GetValue(Seed);

                if (candidate is not null)
                {
                    if (modules.Count != 1) throw new UsageException($"the project has {modules.Count} annotated modules; name one with --module");
                    var variantId = parse.GetValue(Variant) ?? VariantIdFrom(candidate.Name);
                    if (!VariantIdPattern().IsMatch(variantId)) throw new UsageException($"variant id '{variantId}' must match [a-z0-9-]+");
                    var source = await File.ReadAllTextAsync(candidate.FullName, cancellationToken);
                    var evaluation = await steps.StepAsync($"verify {modules[0].Module} / {variantId}",
                        step => evaluator.EvaluateAsync(modules[0], project.TargetPath, source, candidate.Name, variantId, seed, progress: EvaluationActivity.On(step), cancellationToken: cancellationToken),
                        e => Outcome(e.Result));
                    if (parse.GetValue(Commit) && evaluation.Result.Verdict == Verdict.Accepted)
                    {
                        var provenance = new KernelProvenance(parse.GetValue(Origin)!, null, null, null, 1, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                        cache.Commit(modules[0], variantId, source, evaluation.EntryPoint!, evaluation.Result, provenance);
                    }
                    report.Add(modules[0].Module, evaluation.VariantId, evaluation.Result, committed: parse.GetValue(Commit) && evaluation.Result.Verdict == Verdict.Accepted);
                }
                else
                {
                    foreach (var module in modules)
                        await ReverifyAsync(module, project, cache, evaluator, seed, report, steps, cancellationToken);
                }
                return report;
            });
            report.Print();
            return report.AllAccepted ? ExitCodes.Success : ExitCodes.Rejected;
        });

    /// <summary>Re-verifies each committed CPU variant of <paramref name="module"/> and rewrites its evidence, status and selection.</summary>
    static async Task ReverifyAsync(ModuleDescription module, ProjectOutputs project, KernelCache cache, CandidateEvaluator evaluator, long? seed, VerifyReport report, IProgressSteps steps, CancellationToken cancellationToken)
    {
        var kernelLock = cache.TryReadLock(module.Module);
        if (kernelLock is null)
        {
            report.Note($"{module.Module}: no kernel cache at {cache.ModuleFolder(module.Module)}");
            return;
        }
        foreach (var variant in kernelLock.Variants.Where(v => v.Backend == "cpu"))
        {
            var path = Path.Combine(cache.ModuleFolder(module.Module), variant.File);
            if (!File.Exists(path))
            {
                report.Add(module.Module, variant.Id, EvaluationResult.Reject("file", $"kernel file not found: {path}"), committed: false);
                continue;
            }
            var source = await File.ReadAllTextAsync(path, cancellationToken);
            var evaluation = await steps.StepAsync($"verify {module.Module} / {variant.Id}",
                step => evaluator.EvaluateAsync(module, project.TargetPath, source, Path.GetFileName(path), variant.Id, seed, progress: EvaluationActivity.On(step), cancellationToken: cancellationToken),
                e => Outcome(e.Result));
            var result = evaluation.Result;
            cache.Commit(module, variant.Id, source, evaluation.EntryPoint ?? variant.EntryPoint, result with { ShapeDomain = result.ShapeDomain ?? variant.ShapeDomain }, variant.Provenance);
            report.Add(module.Module, variant.Id, result, committed: true);
        }
    }

    /// <summary>A progress line's ending: the verdict and, for accepted kernels, the speedup.</summary>
    internal static (string Outcome, bool Succeeded) Outcome(EvaluationResult result) => result.Verdict == Verdict.Accepted
        ? (result.Benchmark is { } b ? System.FormattableString.Invariant($"accepted, {b.Speedup:F2}x") : "accepted", true)
        : ($"rejected by {result.FailingCheck}", false);

    static string VariantIdFrom(string fileName) =>
        NonIdCharacters().Replace(Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex VariantIdPattern();

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NonIdCharacters();
}
