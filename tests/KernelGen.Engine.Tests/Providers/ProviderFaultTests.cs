using System.Diagnostics;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;
using KernelGen.Engine.Providers;

namespace KernelGen.Engine.Tests.Providers;

/// <summary>
/// The real OpenAI, Anthropic and OllamaSharp clients, built by <see cref="ProviderClientFactory"/> with the engine's
/// middleware, against loopback servers scripted with each fault. Every case ends within bounds: attempts are counted on
/// the server (so the SDKs' own retries, which are off, cannot hide), and elapsed times are bounded.
/// </summary>
public sealed class ProviderFaultTests
{
    const string Answer = "Here it is.\n```csharp\npublic static class K { public static void Run() { } }\n```\n";

    static readonly ProviderClientFactory Factory = new();

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAI_answers_arrive_whole_with_usage_and_the_key_only_in_the_authorization_header(bool stream)
    {
        await using var server = new LoopbackServer(Replies.OpenAI(Answer));
        var model = LoopbackModels.OpenAI(server, stream: stream);
        using var client = Factory.Create(model, recordTo: null);

        var response = await LoopbackModels.AskAsync(client, model);

        Assert.Equal(Answer, response.Text);
        Assert.Equal(Replies.OpenAIModel, response.ModelId);
        Assert.Equal(Replies.PromptTokens + Replies.CompletionTokens, response.Usage?.TotalTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal(stream, request.Streaming);
        Assert.Equal("Bearer " + LoopbackModels.Key, request.Authorization);
        Assert.DoesNotContain(LoopbackModels.Key, request.Body);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Anthropic_answers_arrive_whole_with_usage_and_the_key_only_in_the_authorization_header(bool stream)
    {
        await using var server = new LoopbackServer(Replies.Anthropic(Answer));
        var model = LoopbackModels.Anthropic(server, stream: stream);
        using var client = Factory.Create(model, recordTo: null);

        var response = await LoopbackModels.AskAsync(client, model);

        Assert.Equal(Answer, response.Text);
        Assert.Equal(Replies.AnthropicModel, response.ModelId);
        Assert.Equal(Replies.CompletionTokens, response.Usage?.OutputTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal(stream, request.Streaming);
        Assert.Equal("Bearer " + LoopbackModels.Key, request.Authorization); // Anthropic SDK 13.x sends API keys as a bearer token
        Assert.DoesNotContain(LoopbackModels.Key, request.Body);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ollama_answers_through_its_chat_protocol(bool stream)
    {
        await using var server = new LoopbackServer(Replies.Ollama(Answer));
        var model = LoopbackModels.Ollama(server, stream);
        using var client = Factory.Create(model, recordTo: null);

        var response = await LoopbackModels.AskAsync(client, model);

        Assert.Equal(Answer, response.Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", request.Path);
        Assert.Contains("llama-loopback", request.Body);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ProviderNames.OpenAI, false)]
    [InlineData(ProviderNames.OpenAI, true)]
    [InlineData(ProviderNames.Anthropic, false)]
    [InlineData(ProviderNames.Anthropic, true)]
    public async Task A_429_with_Retry_After_is_waited_out_then_retried_once(string provider, bool stream)
    {
        await using var server = new LoopbackServer(Replies.Status(429, "slow down", retryAfterSeconds: 1), Good(provider));
        var model = Model(provider, server, stream, LoopbackModels.Fast());
        using var client = Factory.Create(model, recordTo: null);
        var clock = Stopwatch.StartNew();

        var response = await LoopbackModels.AskAsync(client, model);

        Assert.Equal(Answer, response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"retried after {clock.Elapsed}, before the server's Retry-After of 1 s");
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ProviderNames.OpenAI)]
    [InlineData(ProviderNames.Anthropic)]
    public async Task Persistent_500s_end_after_exactly_the_configured_attempts(string provider)
    {
        await using var server = new LoopbackServer(Replies.Status(500, "boom"), Replies.Status(502, "boom"), Replies.Status(503, "boom"), Good(provider));
        var model = Model(provider, server, stream: false, LoopbackModels.Fast(maxAttempts: 3));
        using var client = Factory.Create(model, recordTo: null);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => LoopbackModels.AskAsync(client, model));

        Assert.Equal(ProviderFailure.Unreachable, failure.Failure);
        Assert.Contains("HTTP 503", failure.Reason);
        Assert.Contains("3 attempt(s)", failure.Reason);
        Assert.Equal(3, server.Requests.Count); // the SDK's own retries are off: they would have multiplied these
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ProviderNames.OpenAI)]
    [InlineData(ProviderNames.Anthropic)]
    public async Task A_refusal_such_as_401_is_not_retried(string provider)
    {
        await using var server = new LoopbackServer(Replies.Status(401, "invalid key"), Good(provider));
        var model = Model(provider, server, stream: false, LoopbackModels.Fast(maxAttempts: 3));
        using var client = Factory.Create(model, recordTo: null);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => LoopbackModels.AskAsync(client, model));

        Assert.Equal(ProviderFailure.Refused, failure.Failure);
        Assert.Contains("HTTP 401", failure.Reason);
        Assert.Single(server.Requests);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ProviderNames.OpenAI, false)]
    [InlineData(ProviderNames.Anthropic, true)]
    public async Task An_answer_slower_than_the_request_timeout_is_abandoned_and_retried_within_bounds(string provider, bool stream)
    {
        var slow = TimeSpan.FromMinutes(5);
        await using var server = new LoopbackServer(Replies.After(slow, Good(provider)), Replies.After(slow, Good(provider)));
        var model = Model(provider, server, stream, LoopbackModels.Fast(maxAttempts: 2, timeoutSeconds: 1));
        using var client = Factory.Create(model, recordTo: null);
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ProviderException>(() => LoopbackModels.AskAsync(client, model));

        Assert.Equal(ProviderFailure.Unreachable, failure.Failure);
        Assert.Contains("within 1 s", failure.Reason);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stream_that_goes_quiet_is_abandoned_by_the_idle_timeout()
    {
        await using var server = new LoopbackServer(Replies.StallingOpenAIStream(Answer), Replies.StallingOpenAIStream(Answer));
        var model = LoopbackModels.OpenAI(server, stream: true, resilience: LoopbackModels.Fast(maxAttempts: 2, timeoutSeconds: 120, idleSeconds: 1));
        using var client = Factory.Create(model, recordTo: null);
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ProviderException>(() => LoopbackModels.AskAsync(client, model));

        Assert.Equal(ProviderFailure.Unreachable, failure.Failure);
        Assert.Contains("sent nothing for 1 s", failure.Reason);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ProviderNames.OpenAI)]
    [InlineData(ProviderNames.Anthropic)]
    public async Task A_stream_cut_off_mid_answer_is_retried_and_only_the_whole_answer_comes_back(string provider)
    {
        var truncated = provider == ProviderNames.OpenAI ? Replies.TruncatedOpenAIStream(Answer) : Replies.TruncatedAnthropicStream(Answer);
        await using var server = new LoopbackServer(truncated, Good(provider));
        var model = Model(provider, server, stream: true, LoopbackModels.Fast());
        using var client = Factory.Create(model, recordTo: null);

        var response = await LoopbackModels.AskAsync(client, model);

        Assert.Equal(Answer, response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Nothing_listening_is_unreachable_after_the_bounded_attempts()
    {
        Uri address;
        await using (var server = new LoopbackServer())
            address = server.BaseAddress; // the port is free again once the server is gone
        var model = new ModelConfig("gone", ProviderNames.Ollama, "m", address.ToString(), null, 1, 1, null, [], null, false,
            LoopbackModels.Fast(maxAttempts: 2), null, null, null);
        using var client = Factory.Create(model, recordTo: null);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => LoopbackModels.AskAsync(client, model));

        Assert.Equal(ProviderFailure.Unreachable, failure.Failure);
        Assert.Contains("2 attempt(s)", failure.Reason);
    }

    [Fact(Timeout = 60_000)]
    public async Task Each_request_is_traced_with_its_usage_and_without_prompts_answers_or_the_key()
    {
        var activities = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProviderClientFactory.TelemetrySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = new LoopbackServer(Replies.OpenAI(Answer));
        // A model id of its own: tests in other classes trace through the same source meanwhile.
        var model = LoopbackModels.OpenAI(server) with { Model = "gpt-telemetry-probe" };
        using var client = Factory.Create(model, recordTo: null);

        await LoopbackModels.AskAsync(client, model, prompt: "secret-free prompt text");

        var activity = Assert.Single(activities, a => (a.GetTagItem("gen_ai.request.model") as string) == "gpt-telemetry-probe");
        Assert.Equal(Replies.PromptTokens, Convert.ToInt64(activity.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Replies.CompletionTokens, Convert.ToInt64(activity.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        var everything = string.Join("\n", activity.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(activity.Events.Select(e => e.Name)));
        Assert.DoesNotContain(LoopbackModels.Key, everything);
        Assert.DoesNotContain("secret-free prompt text", everything);
        Assert.DoesNotContain("public static class K", everything);
    }

    [Fact]
    public void A_missing_key_variable_fails_naming_the_variable()
    {
        var model = new ModelConfig("gpt", ProviderNames.OpenAI, "gpt-5", null, "KERNELGEN_TEST_UNSET_KEY", 1, 1, null, [], null, true,
            ResilienceConfig.Default, null, null, null) { Origin = "kernelgen.json: models[0]" };

        var failure = Assert.Throws<ConfigurationException>(() => new ProviderClientFactory(environment: _ => null).Create(model, null));

        Assert.Equal("kernelgen.json: models[0].apiKeyVariable: environment variable 'KERNELGEN_TEST_UNSET_KEY' is not set; set it to the openai API key (keys are read from the environment only)", failure.Message);
    }

    static Reply Good(string provider) => provider == ProviderNames.OpenAI ? Replies.OpenAI(Answer) : Replies.Anthropic(Answer);

    static ModelConfig Model(string provider, LoopbackServer server, bool stream, ResilienceConfig resilience) =>
        provider == ProviderNames.OpenAI
            ? LoopbackModels.OpenAI(server, stream: stream, resilience: resilience)
            : LoopbackModels.Anthropic(server, stream: stream, resilience: resilience);
}
