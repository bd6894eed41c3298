using KernelGen.Engine.Configuration;
using KernelGen.Engine.Pipeline;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests.Generation;

/// <summary>Model configurations for supervisor tests, with the documented defaults unless a test says otherwise.</summary>
static class SwarmModels
{
    public static ModelConfig Config(string name, string provider = "scripted", int maxConcurrency = 1, double weight = 1, bool stream = false,
        ResilienceConfig? resilience = null, ModelPricing? pricing = null, string? model = null) =>
        new(name, provider, model, null, null, weight, maxConcurrency, null, [], null, stream, resilience ?? ResilienceConfig.Default, pricing, null, null);

    public static SwarmModel Of(string name, IChatClient client, int maxConcurrency = 1, bool stream = false) =>
        new(Config(name, maxConcurrency: maxConcurrency, stream: stream), client);
}
