using KernelGen.Engine.Configuration;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Pipeline;

/// <summary>
/// The run-wide budgets (tokens, estimated cost, wall time) and what has been spent, shared by every conversation of
/// every module. Thread-safe: conversations run in parallel.
/// </summary>
public sealed class RunBudget
{
    readonly GenerationBudgets budgets;
    readonly TimeProvider time;
    readonly long started;
    readonly Lock gate = new();
    long tokens;
    double costUsd;

    /// <summary>Starts the wall clock now.</summary>
    public RunBudget(GenerationBudgets budgets, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        this.budgets = budgets;
        this.time = time ?? TimeProvider.System;
        started = this.time.GetTimestamp();
    }

    /// <summary>Tokens the providers reported so far (input plus output).</summary>
    public long TokensUsed
    {
        get { lock (gate) return tokens; }
    }

    /// <summary>The estimated cost so far, in US dollars.</summary>
    public double CostUsd
    {
        get { lock (gate) return costUsd; }
    }

    /// <summary>Time left of the wall-time budget; null when there is none.</summary>
    public TimeSpan? TimeLeft => budgets.WallTime is { } wallTime ? wallTime - time.GetElapsedTime(started) : null;

    /// <summary>Counts one answer's usage. A provider that reports no usage costs nothing here (said in docs/providers.md).</summary>
    public void Record(UsageDetails? usage, ModelPricing? pricing)
    {
        if (usage is null)
            return;
        long input = usage.InputTokenCount ?? 0;
        long output = usage.OutputTokenCount ?? 0;
        long total = usage.TotalTokenCount ?? input + output;
        lock (gate)
        {
            tokens += total;
            if (pricing is not null)
                costUsd += ((input * pricing.InputUsdPerMillionTokens) + (output * pricing.OutputUsdPerMillionTokens)) / 1e6;
        }
    }

    /// <summary>Why no further request may start, or null while every budget has something left.</summary>
    public string? Exhausted()
    {
        lock (gate)
        {
            if (budgets.Tokens is { } tokenLimit && tokens >= tokenLimit)
                return $"token budget used ({tokens} of {tokenLimit})";
            if (budgets.CostUsd is { } costLimit && costUsd >= costLimit)
                return $"cost budget used (estimated ${costUsd:0.00} of ${costLimit:0.00})";
        }
        return TimeLeft <= TimeSpan.Zero ? WallTimeUsed : null;
    }

    /// <summary>The stop reason of the wall-time budget; null when there is none.</summary>
    public string? WallTimeUsed => budgets.WallTime is { } wallTime ? $"wall-time budget used ({wallTime.TotalSeconds:0} s)" : null;
}
