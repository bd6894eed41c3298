using System.CommandLine;
using System.Text.Json;
using KernelGen.Cli.Doctor;
using KernelGen.Cli.Inspection;
using KernelGen.Cli.Output;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Projects;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen doctor</c>: checks the machine (SDK, CUDA driver, NVRTC, Metal, provider keys) and, with
/// <c>--project</c>, the project (TorchSharp's native library and the libstdc++ fix, the health of the kernel cache).
/// Every finding that needs action says how to fix it.
/// </summary>
static class DoctorCommand
{
    static readonly Option<FileInfo?> Project = new("--project") { Description = "Also check this project: its TorchSharp natives and its kernel cache." };
    static readonly Option<FileInfo?> Config = new("--config") { Description = "The kernelgen.json to check; default: the one in the project's folder." };
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();
    static readonly Option<bool> Json = CommonOptions.Json();

    public static Command Create()
    {
        var command = new Command("doctor", "Check that this machine and project have what KernelGen needs, and say how to fix what is missing.")
        {
            Project, Config, NoBuild, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("doctor", async () =>
        {
            var projectFile = parse.GetValue(Project);
            if (projectFile is { Exists: false }) throw new UsageException($"project not found: {projectFile.FullName}");
            var json = parse.GetValue(Json);
            var findings = await CommonOptions.Progress(parse, json).RunAsync(steps =>
                DiagnoseAsync(new DoctorChecks(DoctorEnvironment.Current), projectFile?.FullName, parse.GetValue(Config)?.FullName, build: !parse.GetValue(NoBuild), steps, cancellationToken));
            Print(findings, json);
            return findings.Any(f => f.Severity == Severity.Error) ? ExitCodes.ProblemsFound : ExitCodes.Success;
        });

    /// <summary>Every check, in the order they are printed; a project that fails to build or describe is itself a finding.</summary>
    internal static async Task<List<DoctorFinding>> DiagnoseAsync(DoctorChecks checks, string? projectPath, string? configPath, bool build, IProgressSteps steps, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding> { checks.DotnetSdk() };
        string? appDirectory = null;
        IReadOnlyList<ModuleInspection>? cache = null;
        if (projectPath is not null)
        {
            ProjectOutputs? project = null;
            try
            {
                project = await steps.StepAsync($"build {Path.GetFileName(projectPath)}", () => ProjectBuild.ResolveAsync(projectPath, build, cancellationToken));
                appDirectory = Path.GetDirectoryName(project.TargetPath);
            }
            catch (InvalidOperationException e)
            {
                findings.Add(new("project", Severity.Error, e.Message, $"fix the build errors above, then run: dotnet build {projectPath} -c Release"));
            }
            findings.Add(checks.TorchSharpNative(appDirectory, projectPath));
            if (project is not null)
            {
                Dictionary<string, string>? fingerprints = null;
                try
                {
                    var described = await steps.StepAsync("describe modules", () => new WorkerClient().DescribeAsync(project.TargetPath, cancellationToken));
                    fingerprints = described.ToDictionary(m => m.Module, m => m.Fingerprint);
                }
                catch (WorkerException e)
                {
                    findings.Add(new("modules", Severity.Error, $"the worker could not describe the project's modules: {e.Message}",
                        "fix the TorchSharp native finding first; the worker loads the built project with its natives"));
                }
                cache = CacheInspector.Inspect(new KernelCache(project.CacheDir), fingerprints, projectPath);
            }
        }
        else
        {
            findings.Add(checks.TorchSharpNative(null, null));
        }
        findings.Add(checks.CudaDriver());
        findings.Add(checks.Nvrtc());
        findings.Add(checks.Metal());
        configPath ??= projectPath is null ? null : Path.Combine(Path.GetDirectoryName(projectPath)!, KernelGenConfig.FileName);
        findings.AddRange(checks.ProviderConfiguration(configPath));
        findings.Add(checks.ProviderKeys());
        findings.AddRange(DoctorChecks.CacheHealth(cache));
        return findings;
    }

    static void Print(IReadOnlyList<DoctorFinding> findings, bool json)
    {
        var errors = findings.Count(f => f.Severity == Severity.Error);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { ok = errors == 0, findings }, WorkerJson.Options));
            return;
        }
        foreach (var finding in findings)
        {
            var label = finding.Severity switch { Severity.Ok => "ok", Severity.Info => "info", Severity.Warning => "warn", _ => "ERROR" };
            Console.Out.WriteLine($"{label,-5}  {finding.Check}: {finding.Summary}");
            if (finding.Fix is not null && finding.Severity is Severity.Warning or Severity.Error) Console.Out.WriteLine($"       fix: {finding.Fix}");
        }
        Console.Out.WriteLine(errors == 0 ? "everything needed is in place" : $"{errors} problem(s) need fixing");
    }
}
