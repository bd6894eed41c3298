using System.CommandLine;
using KernelGen.Cli.Output;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Projects;
using KernelGen.Engine.Providers;
using KernelGen.Engine.Workers;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Cli.Commands;

/// <summary>
/// <c>kernelgen generate</c>: a swarm of the models in <c>kernelgen.json</c> writes kernels for each annotated module,
/// refining over several turns with compiler errors, failed checks and measured times as feedback; the fastest verified
/// candidate of each module is committed to the kernel cache. Every exchange is recorded (secrets redacted) under
/// <c>obj/kernelgen/transcripts/</c> so that the <c>replay</c> provider can reproduce the run offline.
/// <c>--provider command|replay</c> replaces the configured models with one.
/// </summary>
static class GenerateCommand
{
    static readonly Option<FileInfo> Project = CommonOptions.Project();
    static readonly Option<string?> Module = CommonOptions.Module();
    static readonly Option<FileInfo?> Config = new("--config") { Description = "The configuration (models, budgets); default: kernelgen.json in the project's folder. See docs/providers.md." };
    static readonly Option<string?> Provider = new("--provider") { Description = "Instead of the configured models, one: command (an executable: prompt on stdin, answer on stdout) or replay (a recorded transcript)." };
    static readonly Option<string?> Command = new("--command") { Description = "With --provider command: the executable to run." };
    static readonly Option<string[]> CommandArguments = new("--command-arg") { Description = "With --provider command: one argument for the executable (repeatable).", AllowMultipleArgumentsPerToken = false };
    static readonly Option<string?> Model = new("--model") { Description = "With --provider command: the model name for provenance and variant ids." };
    static readonly Option<FileInfo?> Transcript = new("--transcript") { Description = "With --provider replay: the transcript to replay. Otherwise, with one recorded model, where to record (default: obj/kernelgen/transcripts/<time>/<model>.json)." };
    static readonly Option<int?> Turns = new("--turns") { Description = "Turns per conversation (overrides budgets.turns; default 3)." };
    static readonly Option<int> TimeoutSeconds = new("--provider-timeout") { Description = "With --provider: seconds one answer may take.", DefaultValueFactory = _ => 600 };
    static readonly Option<bool> NoBuild = CommonOptions.NoBuild();

    public static Command Create()
    {
        Provider.AcceptOnlyFromAmong(ProviderNames.Command, ProviderNames.Replay);
        var command = new Command("generate", "Generate, verify and cache kernels for annotated modules with the models of kernelgen.json.")
        {
            Project, Module, Config, Provider, Command, CommandArguments, Model, Transcript, Turns, TimeoutSeconds, NoBuild,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.ReportAsync("generate", async () =>
        {
            var projectFile = parse.GetValue(Project)!;
            if (!projectFile.Exists) throw new UsageException($"project not found: {projectFile.FullName}");
            if (parse.GetValue(Turns) is < 1) throw new UsageException("--turns must be at least 1");
            var config = LoadConfig(parse, projectFile);

            // Clients first: a missing key fails before minutes of building.
            using var loggers = new StandardErrorLoggerFactory();
            var factory = new ProviderClientFactory(loggers, responseCacheRoot: Path.Combine(projectFile.DirectoryName!, "obj", "kernelgen", "response-cache"));
            var transcripts = TranscriptPaths(parse, projectFile, config);
            var models = config.Models.Select(m => new SwarmModel(m, factory.Create(m, transcripts.GetValueOrDefault(m.Name)))).ToList();
            foreach (var (name, path) in transcripts)
                Console.WriteLine($"Recording {name}'s exchanges (secrets redacted) to {path}");

            // Results are collected and printed after the progress display ends, so a live display never tears them.
            var results = new List<(bool IsError, string Line)>();
            var budget = new RunBudget(config.Budgets);
            var exitCode = await CommonOptions.Progress(parse, json: false).RunAsync(async steps =>
            {
                var project = await steps.StepAsync($"build {projectFile.Name}", () => ProjectBuild.ResolveAsync(projectFile.FullName, build: !parse.GetValue(NoBuild), cancellationToken));
                var worker = new WorkerClient();
                var described = await steps.StepAsync("describe modules", () => worker.DescribeAsync(project.TargetPath, cancellationToken), m => ($"{m.Count} annotated", true));
                var modules = ModuleSelection.Select(described, parse.GetValue(Module));
                var worst = ExitCodes.Success;
                foreach (var backend in config.Backends)
                {
                    var prompts = new KernelPromptBuilder(PromptOverrideFolder(projectFile), backend);
                    foreach (var module in modules)
                    {
                        using var step = steps.Begin($"generate {module.Module} [{backend}] with {string.Join(", ", config.Models.Select(m => m.Name))}");
                        var attempts = new SynchronousProgress<GenerationAttempt>(attempt =>
                            step.Status($"{attempt.Model} c{attempt.Conversation} t{attempt.Turn}  {attempt.VariantId ?? "-"}  {attempt.Outcome}"));
                        var evaluations = new SynchronousProgress<CandidateProgress>(candidate =>
                            step.Activity($"{candidate.Model} c{candidate.Conversation} t{candidate.Turn}  {candidate.VariantId}  {candidate.Progress.Phase}",
                                $"{candidate.Model} c{candidate.Conversation} t{candidate.Turn}  {candidate.VariantId}  {candidate.Progress.Description}"));
                        var supervisor = new GenerationSupervisor(models, prompts, new CandidateEvaluator(worker), new KernelCache(project.CacheDir),
                            new SwarmSettings(config.Budgets, config.TargetSpeedup), attempts, evaluations);
                        var result = await supervisor.GenerateAsync(module, project.TargetPath, budget, cancellationToken);
                        foreach (var failure in result.ProviderFailures)
                            results.Add((true, $"kernelgen generate: {failure}"));
                        results.Add((false, result.Committed is { } entry
                            ? $"{module.Module}: committed {entry.Id}, the fastest of {result.Attempts.Count(a => a.Verified && a.VariantId is not null)} verified ({(entry.Selected ? "selected" : "not selected; the reference stays")}); stopped: {result.StopReason}"
                            : $"{module.Module}: no verified kernel after {result.Attempts.Count} answer(s); the module keeps its reference; stopped: {result.StopReason}"));
                        step.Done(result.Committed is { } committed ? $"committed {committed.Id}" : "no verified kernel", succeeded: result.Committed is not null);
                        // A provider that failed for good outranks "no kernel": the run did not get a fair try.
                        if (result.Committed is null && result.ProviderFailures.Count > 0)
                            worst = ExitCodes.Unexpected;
                        else if (result.Committed is null && worst == ExitCodes.Success)
                            worst = ExitCodes.Rejected;
                    }
                }
                return worst;
            });
            foreach (var (isError, line) in results)
                (isError ? Console.Error : Console.Out).WriteLine(line);
            Console.WriteLine($"Tokens reported: {budget.TokensUsed}; estimated cost: ${budget.CostUsd:0.00}");
            return exitCode;
        });

    static KernelGenConfig LoadConfig(ParseResult parse, FileInfo projectFile)
    {
        var configFile = parse.GetValue(Config);
        var provider = parse.GetValue(Provider);
        KernelGenConfig? loaded = null;
        if (configFile is not null)
            loaded = KernelGenConfigReader.Load(configFile.FullName);
        else if (provider is null)
        {
            var defaultPath = Path.Combine(projectFile.DirectoryName!, KernelGenConfig.FileName);
            if (!File.Exists(defaultPath))
                throw new UsageException($"no configuration: {defaultPath} does not exist; create it (docs/providers.md), or pass --config <file> or --provider command|replay");
            loaded = KernelGenConfigReader.Load(defaultPath);
        }

        var turns = parse.GetValue(Turns);
        if (provider is null)
            return turns is { } t ? loaded! with { Budgets = loaded!.Budgets with { Turns = t } } : loaded!;

        var single = SingleModel(parse, provider);
        var budgets = loaded?.Budgets ?? GenerationBudgets.Default with { CandidatesPerModule = turns ?? GenerationBudgets.Default.Turns };
        return new KernelGenConfig(loaded?.SourcePath ?? "(command line)", [single], turns is { } overridden ? budgets with { Turns = overridden } : budgets,
            loaded?.Backends ?? ["cpu"], loaded?.TargetSpeedup);
    }

    static ModelConfig SingleModel(ParseResult parse, string provider)
    {
        var resilience = ResilienceConfig.Default with { RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds)), MaxAttempts = 1 };
        if (provider == ProviderNames.Replay)
        {
            var transcript = parse.GetValue(Transcript);
            if (transcript is null || !transcript.Exists) throw new UsageException("--provider replay needs --transcript <existing file>");
            var recordedName = new ReplayChatClient(transcript.FullName).RecordedModelName ?? ProviderNames.Replay;
            return new ModelConfig(recordedName, ProviderNames.Replay, null, null, null, 1, 1, null, [], transcript.FullName, false, resilience, null, null, null)
            { Origin = "--provider replay" };
        }
        var executable = parse.GetValue(Command) ?? throw new UsageException("--provider command needs --command <executable>");
        var model = parse.GetValue(Model) ?? Path.GetFileName(executable);
        return new ModelConfig($"command-{model}", ProviderNames.Command, model, null, null, 1, 1, executable, parse.GetValue(CommandArguments) ?? [], null, false, resilience, null, null, null)
        { Origin = "--provider command" };
    }

    /// <summary>Where each recorded model writes its transcript; replayed models record nothing new.</summary>
    static Dictionary<string, string> TranscriptPaths(ParseResult parse, FileInfo projectFile, KernelGenConfig config)
    {
        var recorded = config.Models.Where(m => m.Provider != ProviderNames.Replay).ToList();
        var explicitPath = parse.GetValue(Transcript);
        if (explicitPath is not null && parse.GetValue(Provider) == ProviderNames.Command)
            return recorded.ToDictionary(m => m.Name, _ => explicitPath.FullName);
        var folder = Path.Combine(projectFile.DirectoryName!, "obj", "kernelgen", "transcripts", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        return recorded.ToDictionary(m => m.Name, m => Path.Combine(folder, $"{m.Name}.json"));
    }

    /// <summary>Templates in <c>&lt;project&gt;/kernelgen/prompts/</c> replace the embedded ones.</summary>
    static string? PromptOverrideFolder(FileInfo projectFile)
    {
        var folder = Path.Combine(projectFile.DirectoryName!, "kernelgen", "prompts");
        return Directory.Exists(folder) ? folder : null;
    }
}
