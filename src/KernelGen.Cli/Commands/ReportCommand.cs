using System.CommandLine;
using KernelGen.Cli.Inspection;
using KernelGen.Cli.Output;
using KernelGen.Cli.Reporting;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Projects;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen report</c>: one self-contained HTML file with charts and the evidence tables of every lock in the
/// project's kernel cache. Reads lock and kernel files only: no build, no worker, no measurement.
/// </summary>
static class ReportCommand
{
    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<FileInfo> Output = new("--output", "-o")
    {
        Description = "Where to write the HTML file.",
        DefaultValueFactory = _ => new FileInfo("kernelgen-report.html"),
    };

    public static Command Create()
    {
        var command = new Command("report", "Write one self-contained HTML report (charts and evidence) from the project's lock files.")
        {
            Project, Output,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("report", async () =>
        {
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");
            var output = parse.GetValue(Output)!;
            var html = await CommonOptions.Progress(parse, json: false).RunAsync(async steps =>
            {
                var project = await steps.StepAsync($"read {projectFile.Name}'s properties", () => ProjectBuild.EvaluateAsync(projectFile.FullName, cancellationToken));
                return await steps.StepAsync("render the report", () => Task.Run(() =>
                {
                    var modules = CacheInspector.Inspect(new KernelCache(project.CacheDir), currentFingerprints: null, projectFile.FullName);
                    return HtmlReport.Render(Path.GetFileNameWithoutExtension(projectFile.Name), project.CacheDir, modules, DateTime.UtcNow);
                }, cancellationToken));
            });
            AtomicFile.WriteAllText(output.FullName, html);
            Console.Out.WriteLine($"report written to {output.FullName}");
            return ExitCodes.Success;
        });
}
