using System.CommandLine;
using System.Text.Json;
using KernelGen.Cli.Inspection;
using KernelGen.Cli.Output;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Projects;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen list</c>: the project's annotated modules with the state of their kernel cache (fresh, stale
/// fingerprint, tampered file, malformed lock, no cache) and every variant's status, selection, speedup and provenance.
/// </summary>
static class ListCommand
{
    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<string?> Module = CommonOptions.Module();
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();
    static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("list", "List annotated modules, the state of their kernel cache, and their kernel variants.")
        {
            Project, Module, NoBuild, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("list", async () =>
        {
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");
            var json = parse.GetValue(Json);
            var modules = await CommonOptions.Progress(parse, json).RunAsync(async steps =>
            {
                var project = await steps.StepAsync($"build {projectFile.Name}", () => ProjectBuild.ResolveAsync(projectFile.FullName, build: !parse.GetValue(NoBuild), cancellationToken));
                var described = await steps.StepAsync("describe modules", () => new WorkerClient().DescribeAsync(project.TargetPath, cancellationToken), m => ($"{m.Count} annotated", true));
                var selected = ModuleSelection.Select(described, parse.GetValue(Module)).Select(m => m.Module).ToHashSet(StringComparer.Ordinal);
                var inspected = CacheInspector.Inspect(new KernelCache(project.CacheDir), described.ToDictionary(m => m.Module, m => m.Fingerprint), projectFile.FullName);
                // With --module, only that module (an orphaned cache folder is shown only in the full list).
                return parse.GetValue(Module) is null ? inspected : [.. inspected.Where(m => selected.Contains(m.Module))];
            });
            if (json) Console.Out.WriteLine(JsonSerializer.Serialize(new { modules = modules.Select(ToJson) }, WorkerJson.Options));
            else Print(modules);
            return ExitCodes.Success;
        });

    static void Print(IReadOnlyList<ModuleInspection> modules)
    {
        if (modules.Count == 0) Console.Out.WriteLine("no annotated modules and no kernel cache");
        foreach (var module in modules)
        {
            Console.Out.WriteLine($"{module.Module}: {StateText(module.State)}");
            if (module.Problem is not null) Console.Out.WriteLine($"  problem: {module.Problem}");
            if (module.Fix is not null) Console.Out.WriteLine($"  fix: {module.Fix}");
            foreach (var v in module.Variants)
            {
                var status = v.Entry.Status == VariantStatus.Verified ? "verified" : $"rejected by {v.FailingCheck ?? "?"}";
                var selected = v.Entry.Selected ? "selected" : "not selected";
                var file = v.File == KernelFileState.Intact ? "" : $"  file {(v.File == KernelFileState.Missing ? "missing" : "differs from lock")}";
                Console.Out.WriteLine($"  {v.Entry.Id}  {v.Entry.Backend}/{v.Entry.Dtype}  {status}  {selected}  {VariantFacts.Speedup(v)}  {VariantFacts.SpeedOfLight(v)}  {VariantFacts.Provenance(v)}{file}");
                if (v.EvidenceProblem is not null) Console.Out.WriteLine($"    evidence: {v.EvidenceProblem}");
            }
        }
    }

    static string StateText(ModuleCacheState state) => JsonSerializer.Serialize(state).Trim('"');

    static object ToJson(ModuleInspection m) => new
    {
        module = m.Module,
        state = m.State,
        folder = m.Folder,
        problem = m.Problem,
        fix = m.Fix,
        fingerprint = m.Lock?.Fingerprint,
        variants = m.Variants.Select(v => new
        {
            id = v.Entry.Id,
            backend = v.Entry.Backend,
            dtype = v.Entry.Dtype,
            status = v.Entry.Status,
            selected = v.Entry.Selected,
            failingCheck = v.FailingCheck,
            file = v.Entry.File,
            fileState = v.File,
            speedup = v.Benchmark?.Speedup,
            speedupCi95Low = v.Benchmark?.SpeedupCi95Low,
            speedupCi95High = v.Benchmark?.SpeedupCi95High,
            speedOfLightPercent = VariantFacts.SpeedOfLightPercent(v),
            provenance = v.Entry.Provenance,
            evidenceProblem = v.EvidenceProblem,
        }),
    };
}
