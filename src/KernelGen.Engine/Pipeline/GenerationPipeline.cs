using KernelGen.Engine.Cache;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Pipeline;

/// <summary>Budgets and targets of one generation run.</summary>
/// <param name="MaxTurns">Turns per module: the first prompt plus refinements fed with what went wrong.</param>
/// <param name="BandwidthGBps">Memory bandwidth used for the speed-of-light figure in prompts.</param>
public sealed record GenerationOptions(int MaxTurns = 3, double BandwidthGBps = 26);

/// <summary>What happened on one turn: the variant id tried and its evaluation, or why there was nothing to evaluate.</summary>
public sealed record GenerationTurn(int Turn, string? VariantId, string Outcome, CandidateEvaluation? Evaluation);

/// <summary>The turns of one module and the variant committed to the cache, if any.</summary>
public sealed record ModuleGenerationResult(string Module, IReadOnlyList<GenerationTurn> Turns, KernelVariantEntry? Committed);

/// <summary>
/// One model, one module, several turns: prompt → answer → code → compile, policy, ABI → verify and benchmark in the
/// worker → commit the first verified candidate; every failure becomes the next turn's feedback. Nothing reaches the
/// cache unless the worker accepted it, and a cancelled run leaves the cache as it was.
/// </summary>
public sealed class GenerationPipeline(IChatClient client, string providerName, KernelPromptBuilder prompts, CandidateEvaluator evaluator, KernelCache cache, GenerationOptions options)
{
    public async Task<ModuleGenerationResult> GenerateAsync(ModuleDescription module, string assemblyPath, CancellationToken cancellationToken = default)
    {
        var context = PromptContext(module);
        var conversation = new List<ChatMessage> { new(ChatRole.User, prompts.BuildInitialPrompt(context)) };
        var turns = new List<GenerationTurn>();
        for (var turn = 1; turn <= options.MaxTurns; turn++)
        {
            var response = await client.GetResponseAsync(conversation, new ChatOptions().ForModule(module.Module), cancellationToken);
            conversation.AddRange(response.Messages);
            var model = response.ModelId ?? "unknown";

            var extraction = CodeBlockExtractor.Extract(response.Text);
            if (!extraction.Succeeded)
            {
                turns.Add(new(turn, null, $"no usable code: {extraction.Problem}", null));
                conversation.Add(new(ChatRole.User, prompts.BuildRefinementPrompt(context, new AnswerFormatFeedback(extraction.Problem!))));
                continue;
            }

            var variantId = VariantId(providerName, model, turn);
            var evaluation = await evaluator.EvaluateAsync(module, assemblyPath, extraction.Code!, $"{variantId}.cs", variantId, cancellationToken: cancellationToken);
            var result = evaluation.Result;
            if (result.Verdict == Verdict.Accepted && evaluation.EntryPoint is { } entryPoint)
            {
                var provenance = new KernelProvenance(KernelProvenance.Llm, providerName, model, prompts.PromptTemplateSha256, turn, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                cancellationToken.ThrowIfCancellationRequested();
                var entry = cache.Commit(module, variantId, extraction.Code!, entryPoint, result, provenance);
                turns.Add(new(turn, variantId, entry.Selected ? "verified and selected" : $"verified, not selected: {result.NotSelectedReason}", evaluation));
                return new(module.Module, turns, entry);
            }

            turns.Add(new(turn, variantId, $"rejected by {result.FailingCheck}: {result.Reason}", evaluation));
            conversation.Add(new(ChatRole.User, prompts.BuildRefinementPrompt(context, Feedback(result))));
        }
        return new(module.Module, turns, null);
    }

    KernelPromptContext PromptContext(ModuleDescription module)
    {
        var contract = module.Contract;
        return new KernelPromptContext(
            module.Module,
            module.Source,
            contract.Inputs,
            contract.State,
            contract.Output,
            contract.BytesMoved,
            options.BandwidthGBps);
    }

    static RefinementFeedback Feedback(EvaluationResult result) => result.FailingCheck switch
    {
        "compile" => new CompilerErrorsFeedback([.. (result.Reason ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)]),
        "api-policy" or "abi" => new CompilerErrorsFeedback([.. (result.Reason ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)]),
        _ => new VerificationFailureFeedback(result.FailingCheck ?? "unknown", result.Reason ?? "", []),
    };

    /// <summary>A lock-file id ([a-z0-9-]+) that says where the variant came from.</summary>
    static string VariantId(string provider, string model, int turn)
    {
        var raw = $"{provider}-{model}-t{turn}".ToLowerInvariant();
        var id = new string([.. raw.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        while (id.Contains("--", StringComparison.Ordinal)) id = id.Replace("--", "-", StringComparison.Ordinal);
        return id.Trim('-');
    }
}
