using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers.Progress;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Pipeline;

/// <summary>A configured model and the client that reaches it (middleware included).</summary>
public sealed record SwarmModel(ModelConfig Config, IChatClient Client);

/// <summary>What a supervisor needs besides its models: budgets, the target, and the bandwidth for speed-of-light figures.</summary>
/// <param name="TargetSpeedup">A verified variant at least this much faster than the reference ends the module's generation.</param>
/// <param name="BandwidthGBps">Memory bandwidth used for the speed-of-light figure in prompts.</param>
public sealed record SwarmSettings(GenerationBudgets Budgets, double? TargetSpeedup = null, double BandwidthGBps = 26);

/// <summary>
/// Generates one module with a swarm: every model in parallel (each with up to <c>maxConcurrency</c> conversations at
/// once, and a share of the module's candidate budget by <c>weight</c>), each conversation a multi-turn loop whose
/// feedback is the compile error, the failing check with its numbers, or the measured time against speed of light.
/// Candidates are evaluated one at a time (each uses every core, and parallel benchmarks would measure each other).
/// The supervisor keeps the fastest verified candidate by measured speedup and is the only writer of the cache: it
/// commits that one variant after the swarm stops (budget used, run budget exhausted, or target reached). When the caller
/// cancels, nothing is written and the cache stays exactly as it was.
/// </summary>
public sealed class GenerationSupervisor
{
    readonly IReadOnlyList<SwarmModel> models;
    readonly KernelPromptBuilder prompts;
    readonly CandidateEvaluator evaluator;
    readonly KernelCache cache;
    readonly SwarmSettings settings;
    readonly IProgress<GenerationAttempt>? progress;
    readonly IProgress<CandidateProgress>? candidateProgress;
    readonly SemaphoreSlim evaluationGate = new(1, 1);

    /// <summary>Creates a supervisor; nothing runs until <see cref="GenerateAsync"/>.</summary>
    /// <param name="progress">Told of every attempt as it completes (from any thread).</param>
    /// <param name="candidateProgress">Told of the worker's trials and samples while a candidate is evaluated.</param>
    public GenerationSupervisor(
        IReadOnlyList<SwarmModel> models, KernelPromptBuilder prompts, CandidateEvaluator evaluator, KernelCache cache,
        SwarmSettings settings, IProgress<GenerationAttempt>? progress = null, IProgress<CandidateProgress>? candidateProgress = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
            throw new ArgumentException("a swarm needs at least one model", nameof(models));
        this.models = models;
        this.prompts = prompts;
        this.evaluator = evaluator;
        this.cache = cache;
        this.settings = settings;
        this.progress = progress;
        this.candidateProgress = candidateProgress;
    }

    /// <summary>Runs the swarm on <paramref name="module"/> and commits the fastest verified candidate, if any.</summary>
    /// <param name="budget">The run-wide budgets, shared with the other modules of the run.</param>
    /// <exception cref="OperationCanceledException">The caller cancelled; the cache was not touched.</exception>
    public async Task<ModuleGenerationResult> GenerateAsync(ModuleDescription module, string assemblyPath, RunBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(budget);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (budget.TimeLeft is { } timeLeft)
            stop.CancelAfter(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.FromTicks(1));
        var run = new ModuleRun(module, assemblyPath, budget, stop, cancellationToken);

        int[] quotas = Apportion(settings.Budgets.CandidatesPerModule, [.. models.Select(m => m.Config.Weight)]);
        var lanes = new List<Task>();
        for (int index = 0; index < models.Count; index++)
        {
            int[] plan = ConversationPlan(quotas[index], settings.Budgets.Turns);
            var queue = new ConcurrentQueue<int>(Enumerable.Range(0, plan.Length));
            var lane = new ModelLane(index, models[index], plan, queue);
            for (int i = 0; i < Math.Min(models[index].Config.MaxConcurrency, plan.Length); i++)
                lanes.Add(Task.Run(() => RunLaneAsync(run, lane), CancellationToken.None));
        }
        await Task.WhenAll(lanes).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        GenerationAttempt? winner = run.Fastest();
        KernelVariantEntry? committed = null;
        if (winner is { Evaluation: { EntryPoint: { } entryPoint } evaluation })
        {
            committed = cache.Commit(module, evaluation.VariantId, evaluation.Source, entryPoint, evaluation.Result, ProvenanceOf(run, winner));
        }
        // The wall-time budget stops the swarm through the token's timer, so it is named here rather than by a lane. The
        // timer may fire a little before the budget's own clock reads zero, so a stop nobody else asked for is the timer's.
        bool timerStopped = stop.IsCancellationRequested && run.StopReason is null;
        string stopReason = run.StopReason ?? budget.Exhausted() ?? (timerStopped ? budget.WallTimeUsed : null)
            ?? (run.Failures.Count == models.Count ? "every model failed" : "candidate budget used");
        return new ModuleGenerationResult(module.Module, run.Attempts, winner, committed, stopReason, run.Failures);
    }

    KernelProvenance ProvenanceOf(ModuleRun run, GenerationAttempt winner)
    {
        ModelConfig config = models.First(m => m.Config.Name == winner.Model).Config;
        (string? recordedProvider, string? recordedOrigin) = run.OriginOf(winner.Model);
        return new KernelProvenance(
            recordedOrigin ?? KernelProvenance.Llm,
            recordedProvider ?? config.Provider,
            winner.AnsweredBy ?? config.Model ?? config.Name,
            prompts.PromptTemplateSha256,
            winner.Turn,
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    async Task RunLaneAsync(ModuleRun run, ModelLane lane)
    {
        try
        {
            while (!run.Stop.IsCancellationRequested && !run.HasFailed(lane.Index) && lane.Queue.TryDequeue(out int conversation))
                await RunConversationAsync(run, lane, conversation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Something the swarm cannot handle (the worker failed, IO): stop the other lanes rather than let them run
            // on for nothing, and let the failure end the module.
            await run.Stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    async Task RunConversationAsync(ModuleRun run, ModelLane lane, int conversation)
    {
        ModelConfig config = lane.Model.Config;
        KernelPromptContext context = PromptContext(run.Module);
        var messages = new List<ChatMessage> { new(ChatRole.User, prompts.BuildInitialPrompt(context)) };
        for (int turn = 1; turn <= lane.Plan[conversation]; turn++)
        {
            if (run.Budget.Exhausted() is { } exhausted)
            {
                run.StopAll(exhausted);
                return;
            }
            ChatResponse response;
            try
            {
                response = await AskAsync(lane.Model, messages, run.Module.Module, conversation, run.Stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!run.Caller.IsCancellationRequested)
            {
                return; // the swarm was stopped (target reached, budget used): this conversation ends quietly.
            }
            catch (ProviderException e)
            {
                run.Fail(lane.Index, e.Message);
                return;
            }
            run.Budget.Record(response.Usage, config.Pricing);
            run.NoteOrigin(config.Name, response);
            messages.AddRange(response.Messages);

            CodeExtraction extraction = CodeBlockExtractor.Extract(response.Text);
            if (!extraction.Succeeded)
            {
                Report(run, new GenerationAttempt(config.Name, conversation, turn, null, $"no usable code: {extraction.Problem}", null) { AnsweredBy = response.ModelId });
                messages.Add(new ChatMessage(ChatRole.User, prompts.BuildRefinementPrompt(context, new AnswerFormatFeedback(extraction.Problem!))));
                continue;
            }

            string variantId = VariantId(config.Name, lane.Plan.Length > 1 ? conversation : null, turn);
            GenerationAttempt? evaluated = await EvaluateAsync(run, config.Name, conversation, turn, variantId, extraction.Code!).ConfigureAwait(false);
            if (evaluated is null)
                return; // stopped while waiting for, or during, the evaluation
            GenerationAttempt attempt = evaluated with { AnsweredBy = response.ModelId };
            Report(run, attempt);
            if (attempt.Verified && settings.TargetSpeedup is { } target && attempt.Speedup >= target)
            {
                run.StopAll($"target speedup {target:0.##}x reached by {attempt.VariantId} ({attempt.Speedup:0.00}x)");
                return;
            }
            messages.Add(new ChatMessage(ChatRole.User, prompts.BuildRefinementPrompt(context, Feedback(attempt.Evaluation!.Result))));
        }
    }

    static async Task<ChatResponse> AskAsync(SwarmModel model, List<ChatMessage> messages, string module, int conversation, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = model.Config.MaxOutputTokens,
            Temperature = (float?)model.Config.Temperature,
        }.ForModule(module, conversation);
        return model.Config.Stream
            ? await model.Client.GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false)
            : await model.Client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates a candidate, or reuses the verdict on an identical earlier one; null when the swarm stopped meanwhile.</summary>
    async Task<GenerationAttempt?> EvaluateAsync(ModuleRun run, string model, int conversation, int turn, string variantId, string code)
    {
        try
        {
            await evaluationGate.WaitAsync(run.Stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!run.Caller.IsCancellationRequested)
        {
            return null;
        }
        try
        {
            // Models often answer a refinement with the kernel they already sent: its verdict and timing are known.
            if (run.Duplicate(code) is { } earlier)
                return new GenerationAttempt(model, conversation, turn, null, $"same code as {earlier.VariantId}: not evaluated again", earlier.Evaluation);
            var evaluationProgress = candidateProgress is null ? null
                : new SynchronousProgress<EvaluationProgress>(p => candidateProgress.Report(new CandidateProgress(model, conversation, turn, variantId, p)));
            CandidateEvaluation evaluation = await evaluator.EvaluateAsync(run.Module, run.AssemblyPath, code, $"{variantId}.cs", variantId,
                progress: evaluationProgress, cancellationToken: run.Stop.Token).ConfigureAwait(false);
            string outcome = evaluation.Result switch
            {
                { Verdict: Verdict.Accepted, Benchmark: { } benchmark } => $"verified, {benchmark.Speedup:0.00}x the reference (95 % CI {benchmark.SpeedupCi95Low:0.00}–{benchmark.SpeedupCi95High:0.00})",
                { Verdict: Verdict.Accepted } => "verified, not benchmarked",
                var rejected => $"rejected by {rejected.FailingCheck}: {FirstLine(rejected.Reason)}",
            };
            var attempt = new GenerationAttempt(model, conversation, turn, variantId, outcome, evaluation);
            run.Remember(code, attempt);
            return attempt;
        }
        catch (OperationCanceledException) when (!run.Caller.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            evaluationGate.Release();
        }
    }

    void Report(ModuleRun run, GenerationAttempt attempt)
    {
        run.Add(attempt);
        progress?.Report(attempt);
    }

    KernelPromptContext PromptContext(ModuleDescription module)
    {
        KernelContract contract = module.Contract;
        return new KernelPromptContext(module.Module, module.Source, contract.Inputs, contract.State, contract.Output, contract.BytesMoved, settings.BandwidthGBps);
    }

    static RefinementFeedback Feedback(EvaluationResult result) => result switch
    {
        { Verdict: Verdict.Accepted, Benchmark: { } benchmark } =>
            new BenchmarkFeedback(TimeSpan.FromMilliseconds(benchmark.CandidateMedianMs), TimeSpan.FromMilliseconds(benchmark.ReferenceMedianMs)),
        { FailingCheck: "compile" or "api-policy" or "abi" } =>
            new CompilerErrorsFeedback([.. (result.Reason ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)]),
        _ => new VerificationFailureFeedback(result.FailingCheck ?? "unknown", result.Reason ?? "", []),
    };

    static string FirstLine(string? text) => (text ?? "").Split('\n')[0];

    /// <summary>A lock-file id ([a-z0-9-]+) that says where the variant came from: model, conversation (when several), turn.</summary>
    internal static string VariantId(string model, int? conversation, int turn)
    {
        string raw = (conversation is { } c ? $"{model}-c{c}-t{turn}" : $"{model}-t{turn}").ToLowerInvariant();
        string id = new([.. raw.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);
        while (id.Contains("--", StringComparison.Ordinal))
            id = id.Replace("--", "-", StringComparison.Ordinal);
        return id.Trim('-');
    }

    /// <summary>Splits <paramref name="total"/> by <paramref name="weights"/> (largest remainder; ties to the earlier model).</summary>
    internal static int[] Apportion(int total, double[] weights)
    {
        double sum = weights.Sum();
        double[] exact = [.. weights.Select(w => total * w / sum)];
        int[] shares = [.. exact.Select(e => (int)Math.Floor(e))];
        int left = total - shares.Sum();
        foreach (int index in Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - shares[i]).ThenBy(i => i).Take(left))
            shares[index]++;
        return shares;
    }

    /// <summary>Conversations for a model's share: as many full-length ones as fit, then one with the turns left over.</summary>
    internal static int[] ConversationPlan(int candidates, int turns) =>
        [.. Enumerable.Repeat(turns, candidates / turns), .. candidates % turns > 0 ? [candidates % turns] : Array.Empty<int>()];

    sealed record ModelLane(int Index, SwarmModel Model, int[] Plan, ConcurrentQueue<int> Queue);

    /// <summary>The shared, locked state of one module's swarm.</summary>
    sealed class ModuleRun(ModuleDescription module, string assemblyPath, RunBudget budget, CancellationTokenSource stop, CancellationToken caller)
    {
        readonly Lock gate = new();
        readonly List<GenerationAttempt> attempts = [];
        readonly Dictionary<string, GenerationAttempt> byCode = new(StringComparer.Ordinal);
        readonly Dictionary<int, string> failures = [];
        readonly Dictionary<string, (string? Provider, string? Origin)> origins = new(StringComparer.Ordinal);
        string? stopReason;

        public ModuleDescription Module => module;
        public string AssemblyPath => assemblyPath;
        public RunBudget Budget => budget;
        public CancellationTokenSource Stop => stop;
        public CancellationToken Caller => caller;

        public string? StopReason
        {
            get { lock (gate) return stopReason; }
        }

        public IReadOnlyList<GenerationAttempt> Attempts
        {
            get { lock (gate) return [.. attempts]; }
        }

        public IReadOnlyList<string> Failures
        {
            get { lock (gate) return [.. failures.OrderBy(f => f.Key).Select(f => f.Value)]; }
        }

        public void Add(GenerationAttempt attempt)
        {
            lock (gate) attempts.Add(attempt);
        }

        public bool HasFailed(int model)
        {
            lock (gate) return failures.ContainsKey(model);
        }

        public void Fail(int model, string reason)
        {
            lock (gate) failures.TryAdd(model, reason);
        }

        public void StopAll(string reason)
        {
            lock (gate) stopReason ??= reason;
            stop.Cancel();
        }

        public GenerationAttempt? Duplicate(string code)
        {
            lock (gate) return byCode.GetValueOrDefault(CodeKey(code));
        }

        public void Remember(string code, GenerationAttempt attempt)
        {
            lock (gate) byCode.TryAdd(CodeKey(code), attempt);
        }

        /// <summary>Replayed answers say who first produced them (the provider, or a person); provenance repeats it.</summary>
        public void NoteOrigin(string model, ChatResponse response)
        {
            string? provider = response.AdditionalProperties?.GetValueOrDefault(ReplayChatClient.RecordedProviderProperty) as string;
            string? origin = response.AdditionalProperties?.GetValueOrDefault(ReplayChatClient.RecordedOriginProperty) as string;
            lock (gate) origins.TryAdd(model, (provider, origin));
        }

        /// <summary>The fastest verified attempt by measured speedup; ties go to the earlier model, conversation and turn.</summary>
        public GenerationAttempt? Fastest()
        {
            lock (gate)
            {
                return attempts.Where(a => a.Verified && a.VariantId is not null)
                    .OrderByDescending(a => a.Speedup)
                    .ThenBy(a => a.VariantId, StringComparer.Ordinal)
                    .FirstOrDefault();
            }
        }

        public (string? Provider, string? Origin) OriginOf(string model)
        {
            lock (gate) return origins.GetValueOrDefault(model);
        }

        static string CodeKey(string code) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.ReplaceLineEndings("\n").Trim())));
    }
}
