namespace KernelGen.Engine.Configuration;

/// <summary>
/// A project's <c>kernelgen.json</c> (docs/providers.md, docs/kernelgen.schema.json): the models to ask, the budgets of a
/// generation run, the backends to generate for and the speedup at which a module is good enough.
/// </summary>
/// <param name="SourcePath">The file it was read from (full path), for messages; relative paths in it are already resolved.</param>
/// <param name="TargetSpeedup">Stop a module's generation once a verified variant is this much faster than the reference; null: use the whole budget.</param>
public sealed record KernelGenConfig(
    string SourcePath,
    IReadOnlyList<ModelConfig> Models,
    GenerationBudgets Budgets,
    IReadOnlyList<string> Backends,
    double? TargetSpeedup)
{
    /// <summary>The file name looked for in a project's folder.</summary>
    public const string FileName = "kernelgen.json";
}

/// <summary>The providers <c>kernelgen.json</c> accepts, as spelled there.</summary>
public static class ProviderNames
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Ollama = "ollama";
    public const string Command = "command";
    public const string Replay = "replay";

    /// <summary>Every accepted name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenAI, Anthropic, Ollama, Command, Replay];
}

/// <summary>One model of the swarm.</summary>
/// <param name="Name">Unique in the file; names variants and transcripts. Default: <c>&lt;provider&gt;-&lt;model&gt;</c>.</param>
/// <param name="Provider">One of <see cref="ProviderNames"/>.</param>
/// <param name="Model">The model id sent to the provider (openai, anthropic, ollama: required).</param>
/// <param name="Endpoint">Base URL: an OpenAI-compatible server, a proxy, or the Ollama server. Null: the provider's default.</param>
/// <param name="ApiKeyVariable">The environment variable holding the key; the key itself never appears in the file.</param>
/// <param name="Weight">Share of each module's candidate budget, relative to the other models' weights.</param>
/// <param name="MaxConcurrency">Conversations with this model in flight at once.</param>
/// <param name="Command">The <c>command</c> provider's executable (full path after loading).</param>
/// <param name="Arguments">The <c>command</c> provider's arguments.</param>
/// <param name="Transcript">The <c>replay</c> provider's transcript (full path after loading).</param>
/// <param name="Stream">Ask for a streamed answer (idle timeout between chunks) rather than one response.</param>
/// <param name="Resilience">Timeouts and retries of requests to this model.</param>
/// <param name="Pricing">Estimated price, for the cost budget; null counts the model as free.</param>
/// <param name="MaxOutputTokens">Upper bound on one answer's length, sent to the provider; null: the provider's default.</param>
/// <param name="Temperature">Sampling temperature sent to the provider; null: the provider's default.</param>
public sealed record ModelConfig(
    string Name,
    string Provider,
    string? Model,
    string? Endpoint,
    string? ApiKeyVariable,
    double Weight,
    int MaxConcurrency,
    string? Command,
    IReadOnlyList<string> Arguments,
    string? Transcript,
    bool Stream,
    ResilienceConfig Resilience,
    ModelPricing? Pricing,
    int? MaxOutputTokens,
    double? Temperature)
{
    /// <summary>Where the model is configured, as messages name it: <c>kernelgen.json: models[1]</c>.</summary>
    public string Origin { get; init; } = Name;

    /// <summary>
    /// Keep answers on disk and answer an identical request (same messages, options, module and conversation) from
    /// there instead of asking again: re-running an interrupted generation does not pay twice.
    /// </summary>
    public bool ResponseCache { get; init; }
}

/// <summary>How requests to one model are bounded and retried.</summary>
/// <param name="RequestTimeout">One request, from sending to the last byte of the answer.</param>
/// <param name="IdleTimeout">A streamed answer that sends nothing for this long is abandoned.</param>
/// <param name="ConnectTimeout">Establishing the connection.</param>
/// <param name="MaxAttempts">Attempts per request, the first included; only transient failures (429, 5xx, timeouts, broken connections) are retried.</param>
/// <param name="MaxRetryDelay">Longest wait between attempts, a server's Retry-After included (a longer Retry-After fails the request).</param>
public sealed record ResilienceConfig(TimeSpan RequestTimeout, TimeSpan IdleTimeout, TimeSpan ConnectTimeout, int MaxAttempts, TimeSpan MaxRetryDelay)
{
    /// <summary>The defaults documented in docs/providers.md.</summary>
    public static ResilienceConfig Default { get; } = new(TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(15), 4, TimeSpan.FromSeconds(60));
}

/// <summary>US dollars per million tokens, as the provider's price list says; used only to estimate a run's cost.</summary>
public sealed record ModelPricing(double InputUsdPerMillionTokens, double OutputUsdPerMillionTokens);

/// <summary>When a generation run stops asking.</summary>
/// <param name="CandidatesPerModule">Answers asked for per module, over all models and turns.</param>
/// <param name="Turns">Turns of one conversation: the first answer plus refinements.</param>
/// <param name="Tokens">Tokens (input plus output, as the providers report them) for the whole run; null: unbounded.</param>
/// <param name="WallTime">Time for the whole run; null: unbounded.</param>
/// <param name="CostUsd">Estimated cost for the whole run (<see cref="ModelPricing"/>); null: unbounded.</param>
public sealed record GenerationBudgets(int CandidatesPerModule, int Turns, long? Tokens, TimeSpan? WallTime, double? CostUsd)
{
    /// <summary>The defaults documented in docs/providers.md.</summary>
    public static GenerationBudgets Default { get; } = new(8, 3, null, null, null);
}
