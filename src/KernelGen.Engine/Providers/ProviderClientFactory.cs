using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;

namespace KernelGen.Engine.Providers;

/// <summary>
/// Builds a configured model's <see cref="IChatClient"/>: the provider SDK's own adapter (OpenAI, Anthropic, OllamaSharp)
/// or the <c>command</c>/<c>replay</c> client, wrapped with <see cref="ChatClientBuilder"/> in the middleware every
/// provider shares. Outermost first: transcript recording (what the engine saw), response caching (opt-in),
/// OpenTelemetry-style telemetry, logging, retries, timeouts; every log line passes a <see cref="RedactingLoggerFactory"/>.
/// The SDKs' internal retries are off and their HTTP goes through <see cref="ProviderHttp"/>, so the middleware is the
/// only place that waits, retries or gives up.
/// </summary>
/// <param name="loggerFactory">Where the middleware logs (through a <see cref="RedactingLoggerFactory"/>).</param>
/// <param name="environment">Reads an environment variable (tests substitute it).</param>
/// <param name="responseCacheRoot">Folder of the response caches of models with <c>responseCache: true</c>, one subfolder per model.</param>
public sealed class ProviderClientFactory(ILoggerFactory? loggerFactory = null, Func<string, string?>? environment = null, string? responseCacheRoot = null)
{
    /// <summary>The ActivitySource and Meter name of the telemetry middleware.</summary>
    public const string TelemetrySourceName = "KernelGen.Engine.Generation";

    // Anthropic's API requires max_tokens; a kernel file with its explanation fits comfortably.
    const int DefaultAnthropicMaxOutputTokens = 16_000;

    readonly ILoggerFactory loggers = loggerFactory ?? NullLoggerFactory.Instance;
    readonly Func<string, string?> readVariable = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>Creates the client for <paramref name="model"/>.</summary>
    /// <param name="recordTo">The transcript file to record this model's exchanges to; null records nothing.</param>
    /// <exception cref="ConfigurationException">The model's key variable is not set (the message names it, never a value).</exception>
    public IChatClient Create(ModelConfig model, string? recordTo)
    {
        ArgumentNullException.ThrowIfNull(model);
        string? key = ReadKey(model);
        var redactor = SecretRedactor.FromEnvironment(key is null ? [] : [key]);
        var logs = new RedactingLoggerFactory(loggers, redactor);
        IChatClient inner = model.Provider switch
        {
            ProviderNames.OpenAI => CreateOpenAI(model, key),
            ProviderNames.Anthropic => CreateAnthropic(model, key!),
            ProviderNames.Ollama => CreateOllama(model),
            ProviderNames.Command => new CommandChatClient(new CommandChatClientOptions
            {
                FileName = model.Command!,
                Arguments = model.Arguments,
                Timeout = model.Resilience.RequestTimeout,
                ModelId = model.Model ?? model.Name,
                ProviderName = model.Name,
            }),
            ProviderNames.Replay => new ReplayChatClient(model.Transcript!, ReplayMatchMode.TurnIndex),
            _ => throw new ConfigurationException($"{model.Origin}.provider: unknown provider '{model.Provider}'"),
        };

        var builder = new ChatClientBuilder(inner);
        if (recordTo is not null)
            builder.Use(client => new TranscriptRecorder(client, recordTo, redactor, model.Name, model.Provider));
        if (model.ResponseCache)
        {
            if (responseCacheRoot is null)
                throw new ConfigurationException($"{model.Origin}.responseCache: this run has no response-cache folder");
            builder.UseDistributedCache(new FileResponseCache(Path.Combine(responseCacheRoot, model.Name)));
        }
        // Sensitive data (prompts, answers) stays out of telemetry; keys never reach these layers at all.
        builder.UseOpenTelemetry(logs, TelemetrySourceName, telemetry => telemetry.EnableSensitiveData = false);
        builder.UseLogging(logs);
        builder.Use(client => new RetryingChatClient(client, model.Name, model.Resilience.MaxAttempts, model.Resilience.MaxRetryDelay,
            logs.CreateLogger<RetryingChatClient>(), redactor, streamsEndWithFinishReason: model.Provider is ProviderNames.OpenAI or ProviderNames.Anthropic));
        builder.Use(client => new TimeoutChatClient(client, model.Name, model.Resilience.RequestTimeout, model.Resilience.IdleTimeout));
        return builder.Build();
    }

    string? ReadKey(ModelConfig model)
    {
        if (model.ApiKeyVariable is not { } variable)
            return null;
        string? key = readVariable(variable);
        return string.IsNullOrWhiteSpace(key)
            ? throw new ConfigurationException(
                $"{model.Origin}.apiKeyVariable: environment variable '{variable}' is not set; set it to the {model.Provider} API key (keys are read from the environment only)")
            : key;
    }

    static IChatClient CreateOpenAI(ModelConfig model, string? key)
    {
        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = model.Resilience.RequestTimeout,
            Transport = new HttpClientPipelineTransport(ProviderHttp.Create(model.Resilience)),
        };
        if (model.Endpoint is not null)
            options.Endpoint = new Uri(model.Endpoint);
        // Local OpenAI-compatible servers (vLLM, llama.cpp, LM Studio) take no key, but the SDK insists on one.
        var client = new ChatClient(model.Model, new ApiKeyCredential(key ?? "no-key"), options);
        return client.AsIChatClient();
    }

    static IChatClient CreateAnthropic(ModelConfig model, string key)
    {
        var options = new Anthropic.Core.ClientOptions
        {
            ApiKey = key,
            MaxRetries = 0,
            Timeout = model.Resilience.RequestTimeout,
            HttpClient = ProviderHttp.Create(model.Resilience),
        };
        if (model.Endpoint is not null)
            options.BaseUrl = model.Endpoint;
        return new AnthropicClient(options).AsIChatClient(model.Model, model.MaxOutputTokens ?? DefaultAnthropicMaxOutputTokens);
    }

    static IChatClient CreateOllama(ModelConfig model)
    {
        var http = ProviderHttp.Create(model.Resilience, new Uri(model.Endpoint ?? "http://localhost:11434"));
        return new OllamaApiClient(http, model.Model!);
    }
}
