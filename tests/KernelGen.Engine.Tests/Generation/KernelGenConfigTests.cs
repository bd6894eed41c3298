using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;

namespace KernelGen.Engine.Tests.Generation;

public sealed class KernelGenConfigTests : IDisposable
{
    readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    string Write(string json)
    {
        var path = directory.File("kernelgen.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_documented_example_reads_with_relative_paths_resolved_against_the_file()
    {
        Directory.CreateDirectory(directory.File("kernelgen/transcripts"));
        new Transcript(Transcript.CurrentSchemaVersion, []) { ModelName = "recorded-gpt" }.Save(directory.File("kernelgen/transcripts/demo.json"));
        var path = Write("""
            {
              // comments and trailing commas are accepted
              "models": [
                {"name": "gpt", "provider": "openai", "model": "gpt-5", "endpoint": "https://llm.example/v1", "apiKeyVariable": "OPENAI_API_KEY", "weight": 1, "maxConcurrency": 2},
                {"provider": "anthropic", "model": "claude-x", "apiKeyVariable": "ANTHROPIC_API_KEY"},
                {"provider": "ollama", "model": "qwen2.5-coder:32b", "endpoint": "http://localhost:11434"},
                {"provider": "command", "command": "./model.sh", "arguments": ["--fast"], "model": "x"},
                {"provider": "replay", "transcript": "kernelgen/transcripts/demo.json"},
              ],
              "budgets": {"candidatesPerModule": 8, "turns": 3, "tokens": 200000, "wallTimeSeconds": 1800, "costUsd": 5},
              "backends": ["cpu"],
              "targetSpeedup": 2.0
            }
            """);

        var config = KernelGenConfigReader.Load(path);

        Assert.Equal(["gpt", "anthropic-claude-x", "ollama-qwen2.5-coder-32b", "command-x", "recorded-gpt"], config.Models.Select(m => m.Name));
        var gpt = config.Models[0];
        Assert.Equal(("openai", "gpt-5", "https://llm.example/v1", "OPENAI_API_KEY", 1.0, 2, true), (gpt.Provider, gpt.Model, gpt.Endpoint, gpt.ApiKeyVariable, gpt.Weight, gpt.MaxConcurrency, gpt.Stream));
        Assert.Equal("ANTHROPIC_API_KEY", config.Models[1].ApiKeyVariable);
        Assert.Null(config.Models[2].ApiKeyVariable);
        Assert.Equal(directory.File("model.sh"), config.Models[3].Command);
        Assert.Equal(["--fast"], config.Models[3].Arguments);
        Assert.False(config.Models[3].Stream);
        Assert.Equal(directory.File("kernelgen/transcripts/demo.json"), config.Models[4].Transcript);
        Assert.Equal(new GenerationBudgets(8, 3, 200000, TimeSpan.FromSeconds(1800), 5), config.Budgets);
        Assert.Equal(["cpu"], config.Backends);
        Assert.Equal(2.0, config.TargetSpeedup);
        Assert.Equal($"{path}: models[1]", config.Models[1].Origin);
        Assert.Equal(ResilienceConfig.Default, gpt.Resilience);
    }

    [Fact]
    public void Budgets_backends_and_resilience_have_documented_defaults()
    {
        var config = KernelGenConfigReader.Load(Write("""{"models": [{"provider": "openai", "model": "m", "endpoint": "http://127.0.0.1:8000/v1"}]}"""));

        Assert.Equal(GenerationBudgets.Default, config.Budgets);
        Assert.Equal(["cpu"], config.Backends);
        Assert.Null(config.TargetSpeedup);
        Assert.Null(config.Models[0].ApiKeyVariable); // a local OpenAI-compatible server needs no key
        Assert.Equal((1.0, 1), (config.Models[0].Weight, config.Models[0].MaxConcurrency));
    }

    [Theory]
    [InlineData("""{"models": [{"provider": "openai", "model": "m"}, {"provider": "foo"}]}""", "models[1].provider: unknown provider 'foo' (expected openai|anthropic|ollama|command|replay)")]
    [InlineData("""{"models": []}""", "models: must be a non-empty array of models")]
    [InlineData("""{"budgets": {}}""", "models: required (at least one model)")]
    [InlineData("""{"models": [{"provider": "openai"}]}""", "models[0].model: required for provider 'openai' (the model id the provider serves)")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m", "weight": 0}]}""", "models[0].weight: must be greater than 0")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m", "maxConcurrency": 2.5}]}""", "models[0].maxConcurrency: must be a whole number")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m", "endpoint": "localhost:8000"}]}""", "models[0].endpoint: 'localhost:8000' is not an absolute http(s) URL")]
    [InlineData("""{"models": [{"provider": "anthropic", "model": "m", "apiKeyVariable": "sk-ant-0123456789"}]}""", "models[0].apiKeyVariable: must be the NAME of an environment variable (letters, digits, '_'), never the key itself")]
    [InlineData("""{"models": [{"provider": "command", "model": "m"}]}""", "models[0].command: required for provider 'command' (the executable: prompt on stdin, answer on stdout)")]
    [InlineData("""{"models": [{"provider": "ollama", "model": "m", "transcript": "t.json"}]}""", "models[0].transcript: only the 'replay' provider reads a transcript (this is 'ollama')")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m", "name": "a"}, {"provider": "ollama", "model": "n", "name": "A"}]}""", "models[1].name: 'A' is used by another model; give each model a unique name")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m"}], "budgets": {"turns": 0}}""", "budgets.turns: must be between 1 and 100")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m"}], "budgets": {"wallTimeSeconds": "30m"}}""", "budgets.wallTimeSeconds: must be a number")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m"}], "backends": ["cuda"]}""", "backends[0]: this engine cannot generate 'cuda' kernels yet (supported: cpu)")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m"}], "backends": ["tpu"]}""", "backends[0]: unknown backend 'tpu' (expected cpu|cuda|metal)")]
    [InlineData("""{"models": [{"provider": "openai", "model": "m"}], "targetSpeedup": -1}""", "targetSpeedup: must be greater than 0")]
    public void Invalid_configuration_fails_naming_the_file_and_the_field(string json, string expected)
    {
        var path = Write(json);

        var failure = Assert.Throws<ConfigurationException>(() => KernelGenConfigReader.Load(path));

        Assert.Equal($"{path}: {expected}", failure.Message);
    }

    [Fact]
    public void A_misspelt_field_is_an_error_not_a_silent_default()
    {
        var path = Write("""{"models": [{"provider": "openai", "modle": "gpt-5"}]}""");

        var failure = Assert.Throws<ConfigurationException>(() => KernelGenConfigReader.Load(path));

        Assert.StartsWith($"{path}: models[0].modle: unknown field (expected one of: name, provider, model,", failure.Message);
    }

    [Fact]
    public void A_missing_transcript_and_malformed_json_fail_with_the_path()
    {
        var missing = Assert.Throws<ConfigurationException>(() => KernelGenConfigReader.Load(Write("""{"models": [{"provider": "replay", "transcript": "gone.json"}]}""")));
        Assert.Equal($"{directory.File("kernelgen.json")}: models[0].transcript: file not found: {directory.File("gone.json")}", missing.Message);

        var malformed = Assert.Throws<ConfigurationException>(() => KernelGenConfigReader.Load(Write("""{"models": [""")));
        Assert.StartsWith($"{directory.File("kernelgen.json")}: not valid JSON:", malformed.Message);
    }
}
