using System.CommandLine;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Projects;
using KernelGen.Engine.Workers;
using Microsoft.Extensions.AI;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen generate</c>: asks a provider for kernels for each annotated module, refines over several turns with
/// compiler errors and failed checks as feedback, and commits the first verified candidate to the kernel cache.
/// Every exchange is recorded (secrets redacted) so that <c>--provider replay</c> can reproduce the run offline.
/// </summary>
static class GenerateCommand
{
    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<string?> Module = CommonOptions.Module();
    static readonly Option<string> Provider = new("--provider") { Description = "Where answers come from: command (an executable: prompt on stdin, answer on stdout) or replay (a recorded transcript).", Required = true };
    static readonly Option<string?> Command = new("--command") { Description = "With --provider command: the executable to run." };
    static readonly Option<string[]> CommandArguments = new("--command-arg") { Description = "With --provider command: one argument for the executable (repeatable).", AllowMultipleArgumentsPerToken = false };
    static readonly Option<string?> Model = new("--model") { Description = "The model name to record in provenance (command provider)." };
    static readonly Option<FileInfo?> Transcript = new("--transcript") { Description = "With --provider replay: the transcript to replay. Otherwise where to record (default: obj/kernelgen/transcripts/<time>.json)." };
    static readonly Option<int> Turns = new("--turns") { Description = "Turns per module: the first answer plus refinements.", DefaultValueFactory = _ => 3 };
    static readonly Option<int> TimeoutSeconds = new("--provider-timeout") { Description = "Seconds one provider answer may take.", DefaultValueFactory = _ => 600 };
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();

    public static Command Create()
    {
        Provider.AcceptOnlyFromAmong("command", "replay");
        var command = new Command("generate", "Generate, verify and cache kernels for annotated modules through a provider.")
        {
            Project, Module, Provider, Command, CommandArguments, Model, Transcript, Turns, TimeoutSeconds, NoBuild,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("generate", async () =>
        {
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");
            if (parse.GetValue(Turns) < 1) throw new UsageException("--turns must be at least 1");
            var (client, providerName) = CreateClient(parse, projectFile);

            var project = await ProjectBuild.ResolveAsync(projectFile.FullName, build: !parse.GetValue(NoBuild), cancellationToken);
            var worker = new WorkerClient();
            var modules = ModuleSelection.Select(await worker.DescribeAsync(project.TargetPath, cancellationToken), parse.GetValue(Module));
            var prompts = new KernelPromptBuilder(PromptOverrideFolder(projectFile));
            var pipeline = new GenerationPipeline(client, providerName, prompts, new CandidateEvaluator(worker), new KernelCache(project.CacheDir), new GenerationOptions(parse.GetValue(Turns)));

            var allGenerated = true;
            foreach (var module in modules)
            {
                var result = await pipeline.GenerateAsync(module, project.TargetPath, cancellationToken);
                foreach (var turn in result.Turns)
                    Console.WriteLine($"{module.Module}  turn {turn.Turn}  {turn.VariantId ?? "-"}  {turn.Outcome}");
                Console.WriteLine(result.Committed is { } entry
                    ? $"{module.Module}: committed {entry.Id} ({(entry.Selected ? "selected" : "not selected; the reference stays")})"
                    : $"{module.Module}: no verified kernel after {result.Turns.Count} turn(s); the module keeps its reference");
                allGenerated &= result.Committed is not null;
            }
            return allGenerated ? ExitCodes.Success : ExitCodes.Rejected;
        });

    static (IChatClient Client, string ProviderName) CreateClient(ParseResult parse, FileInfo projectFile)
    {
        var transcript = parse.GetValue(Transcript);
        if (parse.GetValue(Provider) == "replay")
        {
            if (transcript is null || !transcript.Exists) throw new UsageException("--provider replay needs --transcript <existing file>");
            return (new ReplayChatClient(transcript.FullName, ReplayMatchMode.TurnIndex), ReplayChatClient.ProviderName);
        }

        var executable = parse.GetValue(Command) ?? throw new UsageException("--provider command needs --command <executable>");
        var client = new CommandChatClient(new CommandChatClientOptions
        {
            FileName = executable,
            Arguments = parse.GetValue(CommandArguments) ?? [],
            Timeout = TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds)),
            ModelId = parse.GetValue(Model) ?? Path.GetFileName(executable),
        });
        var recordTo = transcript?.FullName ?? Path.Combine(projectFile.DirectoryName!, "obj", "kernelgen", "transcripts",
            $"{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        Console.WriteLine($"Recording the exchanges (secrets redacted) to {recordTo}");
        return (new TranscriptRecorder(client, recordTo), "command");
    }

    /// <summary>Templates in <c>&lt;project&gt;/kernelgen/prompts/</c> replace the embedded ones.</summary>
    static string? PromptOverrideFolder(FileInfo projectFile)
    {
        var folder = Path.Combine(projectFile.DirectoryName!, "kernelgen", "prompts");
        return Directory.Exists(folder) ? folder : null;
    }
}
