using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KernelGen.Engine.Configuration;

/// <summary>
/// Reads and validates <c>kernelgen.json</c>. Every problem fails at once with a <see cref="ConfigurationException"/>
/// naming the file and the JSON path of the field (<c>kernelgen.json: models[1].provider: unknown provider 'foo' …</c>),
/// so a typo never silently falls back to a default. Relative paths resolve against the file's folder.
/// </summary>
public static partial class KernelGenConfigReader
{
    /// <summary>Backends this engine can generate for; a backend gets here when its prompts and cache writer exist.</summary>
    public static IReadOnlyList<string> SupportedBackends { get; } = ["cpu"];

    static readonly string[] KnownBackends = ["cpu", "cuda", "metal"];

    static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationException">The file is missing, is not JSON, or a field is invalid.</exception>
    public static KernelGenConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        string shown = Shown(fullPath);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{shown}: cannot read the configuration: {e.Message}");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{shown}: not valid JSON: {e.Message}");
        }
        using (document)
            return new Parser(fullPath, shown).Root(document.RootElement);
    }

    /// <summary>The path as messages show it: relative to the current folder when inside it.</summary>
    static string Shown(string fullPath)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableNamePattern();

    sealed class Parser(string fullPath, string shown)
    {
        readonly string folder = Path.GetDirectoryName(fullPath)!;

        ConfigurationException Error(string jsonPath, string message) => new($"{shown}: {jsonPath}: {message}");

        public KernelGenConfig Root(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConfigurationException($"{shown}: the configuration must be a JSON object");
            RejectUnknown(root, "", "$schema", "models", "budgets", "backends", "targetSpeedup");

            if (!root.TryGetProperty("models", out JsonElement models))
                throw new ConfigurationException($"{shown}: models: required (at least one model)");
            if (models.ValueKind != JsonValueKind.Array || models.GetArrayLength() == 0)
                throw Error("models", "must be a non-empty array of models");
            var parsed = new List<ModelConfig>();
            int index = 0;
            foreach (JsonElement model in models.EnumerateArray())
            {
                ModelConfig config = Model(model, $"models[{index}]");
                if (parsed.Any(m => string.Equals(m.Name, config.Name, StringComparison.OrdinalIgnoreCase)))
                    throw Error($"models[{index}].name", $"'{config.Name}' is used by another model; give each model a unique name");
                parsed.Add(config);
                index++;
            }

            return new KernelGenConfig(
                fullPath,
                parsed,
                root.TryGetProperty("budgets", out JsonElement budgets) ? Budgets(budgets) : GenerationBudgets.Default,
                root.TryGetProperty("backends", out JsonElement backends) ? Backends(backends) : ["cpu"],
                OptionalNumber(root, "targetSpeedup", "", minimumExclusive: 0));
        }

        ModelConfig Model(JsonElement model, string at)
        {
            if (model.ValueKind != JsonValueKind.Object)
                throw Error(at, "must be an object");
            RejectUnknown(model, at,
                "name", "provider", "model", "endpoint", "apiKeyVariable", "weight", "maxConcurrency", "command", "arguments",
                "transcript", "stream", "timeoutSeconds", "idleTimeoutSeconds", "connectTimeoutSeconds", "maxAttempts",
                "maxRetryDelaySeconds", "pricing", "maxOutputTokens", "temperature", "responseCache");

            string provider = OptionalString(model, "provider", at)
                ?? throw Error($"{at}.provider", $"required ({string.Join('|', ProviderNames.All)})");
            if (!ProviderNames.All.Contains(provider))
                throw Error($"{at}.provider", $"unknown provider '{provider}' (expected {string.Join('|', ProviderNames.All)})");

            string? modelId = OptionalString(model, "model", at);
            string? endpoint = OptionalString(model, "endpoint", at);
            string? keyVariable = OptionalString(model, "apiKeyVariable", at);
            string? command = OptionalString(model, "command", at);
            string? transcript = OptionalString(model, "transcript", at);
            bool remote = provider is ProviderNames.OpenAI or ProviderNames.Anthropic or ProviderNames.Ollama;

            if (remote && modelId is null)
                throw Error($"{at}.model", $"required for provider '{provider}' (the model id the provider serves)");
            if (endpoint is not null)
            {
                if (!remote)
                    throw Error($"{at}.endpoint", $"provider '{provider}' takes no endpoint");
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
                    throw Error($"{at}.endpoint", $"'{endpoint}' is not an absolute http(s) URL");
            }
            if (keyVariable is not null)
            {
                if (provider is not (ProviderNames.OpenAI or ProviderNames.Anthropic))
                    throw Error($"{at}.apiKeyVariable", $"provider '{provider}' takes no API key");
                if (!VariableNamePattern().IsMatch(keyVariable))
                    throw Error($"{at}.apiKeyVariable", "must be the NAME of an environment variable (letters, digits, '_'), never the key itself");
            }
            // A hosted provider needs a key; a local OpenAI-compatible server (an endpoint) usually does not.
            keyVariable ??= provider switch
            {
                ProviderNames.OpenAI when endpoint is null => "OPENAI_API_KEY",
                ProviderNames.Anthropic => "ANTHROPIC_API_KEY",
                _ => null,
            };

            if (command is not null && provider != ProviderNames.Command)
                throw Error($"{at}.command", $"only the 'command' provider runs a command (this is '{provider}')");
            if (provider == ProviderNames.Command && command is null)
                throw Error($"{at}.command", "required for provider 'command' (the executable: prompt on stdin, answer on stdout)");
            IReadOnlyList<string> arguments = model.TryGetProperty("arguments", out JsonElement args) ? Strings(args, $"{at}.arguments") : [];
            if (arguments.Count > 0 && provider != ProviderNames.Command)
                throw Error($"{at}.arguments", $"only the 'command' provider takes arguments (this is '{provider}')");

            if (transcript is not null && provider != ProviderNames.Replay)
                throw Error($"{at}.transcript", $"only the 'replay' provider reads a transcript (this is '{provider}')");
            if (provider == ProviderNames.Replay)
            {
                if (transcript is null)
                    throw Error($"{at}.transcript", "required for provider 'replay' (a transcript recorded by kernelgen generate)");
                transcript = Resolve(transcript);
                if (!File.Exists(transcript))
                    throw Error($"{at}.transcript", $"file not found: {transcript}");
            }

            string name = OptionalString(model, "name", at) ?? DefaultName(provider, modelId, command, transcript, at);
            if (!ModelNamePattern().IsMatch(name))
                throw Error($"{at}.name", $"'{name}' may contain only letters, digits, '.', '_' and '-'");

            ResilienceConfig defaults = ResilienceConfig.Default;
            var resilience = new ResilienceConfig(
                Seconds(model, "timeoutSeconds", at) ?? defaults.RequestTimeout,
                Seconds(model, "idleTimeoutSeconds", at) ?? defaults.IdleTimeout,
                Seconds(model, "connectTimeoutSeconds", at) ?? defaults.ConnectTimeout,
                OptionalInteger(model, "maxAttempts", at, minimum: 1, maximum: 10) ?? defaults.MaxAttempts,
                Seconds(model, "maxRetryDelaySeconds", at, allowZero: true) ?? defaults.MaxRetryDelay);

            return new ModelConfig(
                name,
                provider,
                modelId,
                endpoint,
                keyVariable,
                OptionalNumber(model, "weight", at, minimumExclusive: 0) ?? 1,
                OptionalInteger(model, "maxConcurrency", at, minimum: 1, maximum: 64) ?? 1,
                command is null ? null : ResolveCommand(command),
                arguments,
                transcript,
                OptionalBoolean(model, "stream", at) ?? remote,
                resilience,
                model.TryGetProperty("pricing", out JsonElement pricing) ? Pricing(pricing, $"{at}.pricing") : null,
                OptionalInteger(model, "maxOutputTokens", at, minimum: 1, maximum: 1_000_000),
                OptionalNumber(model, "temperature", at, minimumExclusive: null))
            {
                Origin = $"{shown}: {at}",
                ResponseCache = OptionalBoolean(model, "responseCache", at) ?? false,
            };
        }

        // A replayed model keeps the name it was recorded under, so that the replay commits the same variant ids.
        string DefaultName(string provider, string? modelId, string? command, string? transcript, string at)
        {
            string name = provider switch
            {
                ProviderNames.Replay => RecordedModelName(transcript!, at) ?? "replay",
                ProviderNames.Command => $"command-{modelId ?? Path.GetFileNameWithoutExtension(command)}",
                _ => $"{provider}-{modelId}",
            };
            return name.Replace('/', '-').Replace(':', '-');
        }

        string? RecordedModelName(string transcript, string at)
        {
            try
            {
                return Generation.Transcript.Load(transcript).ModelName;
            }
            catch (Generation.ProviderException e)
            {
                throw Error($"{at}.transcript", e.Reason);
            }
        }

        ModelPricing Pricing(JsonElement pricing, string at)
        {
            if (pricing.ValueKind != JsonValueKind.Object)
                throw Error(at, "must be an object with inputUsdPerMillionTokens and outputUsdPerMillionTokens");
            RejectUnknown(pricing, at, "inputUsdPerMillionTokens", "outputUsdPerMillionTokens");
            return new ModelPricing(
                OptionalNumber(pricing, "inputUsdPerMillionTokens", at, minimumExclusive: null, minimumInclusive: 0)
                    ?? throw Error($"{at}.inputUsdPerMillionTokens", "required"),
                OptionalNumber(pricing, "outputUsdPerMillionTokens", at, minimumExclusive: null, minimumInclusive: 0)
                    ?? throw Error($"{at}.outputUsdPerMillionTokens", "required"));
        }

        GenerationBudgets Budgets(JsonElement budgets)
        {
            const string at = "budgets";
            if (budgets.ValueKind != JsonValueKind.Object)
                throw Error(at, "must be an object");
            RejectUnknown(budgets, at, "candidatesPerModule", "turns", "tokens", "wallTimeSeconds", "costUsd");
            GenerationBudgets defaults = GenerationBudgets.Default;
            return new GenerationBudgets(
                OptionalInteger(budgets, "candidatesPerModule", at, minimum: 1, maximum: 10_000) ?? defaults.CandidatesPerModule,
                OptionalInteger(budgets, "turns", at, minimum: 1, maximum: 100) ?? defaults.Turns,
                OptionalLong(budgets, "tokens", at) ?? defaults.Tokens,
                Seconds(budgets, "wallTimeSeconds", at) ?? defaults.WallTime,
                OptionalNumber(budgets, "costUsd", at, minimumExclusive: 0) ?? defaults.CostUsd);
        }

        IReadOnlyList<string> Backends(JsonElement backends)
        {
            IReadOnlyList<string> names = Strings(backends, "backends");
            if (names.Count == 0)
                throw Error("backends", "must name at least one backend");
            for (int i = 0; i < names.Count; i++)
            {
                if (!KnownBackends.Contains(names[i]))
                    throw Error($"backends[{i}]", $"unknown backend '{names[i]}' (expected {string.Join('|', KnownBackends)})");
                if (!SupportedBackends.Contains(names[i]))
                    throw Error($"backends[{i}]", $"this engine cannot generate '{names[i]}' kernels yet (supported: {string.Join(", ", SupportedBackends)})");
            }
            return [.. names.Distinct(StringComparer.Ordinal)];
        }

        string Resolve(string path) => Path.GetFullPath(Path.Combine(folder, path));

        // A bare name ("python3") is looked up on PATH when it runs; anything with a folder resolves against the file's folder.
        string ResolveCommand(string command) =>
            command.Contains('/', StringComparison.Ordinal) || command.Contains('\\', StringComparison.Ordinal) ? Resolve(command) : command;

        void RejectUnknown(JsonElement element, string at, params string[] known)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                    throw Error(Join(at, property.Name), $"unknown field (expected one of: {string.Join(", ", known.Where(k => k != "$schema"))})");
            }
        }

        static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

        string? OptionalString(JsonElement element, string name, string at)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                throw Error(Join(at, name), "must be a non-empty string");
            return value.GetString()!;
        }

        bool? OptionalBoolean(JsonElement element, string name, string at)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(Join(at, name), "must be true or false"),
            };
        }

        double? OptionalNumber(JsonElement element, string name, string at, double? minimumExclusive, double? minimumInclusive = null)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
                throw Error(Join(at, name), "must be a number");
            if (number <= minimumExclusive)
                throw Error(Join(at, name), $"must be greater than {minimumExclusive.Value.ToString(CultureInfo.InvariantCulture)}");
            if (number < minimumInclusive)
                throw Error(Join(at, name), $"must be at least {minimumInclusive.Value.ToString(CultureInfo.InvariantCulture)}");
            return number;
        }

        int? OptionalInteger(JsonElement element, string name, string at, int minimum, int maximum)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
                throw Error(Join(at, name), "must be a whole number");
            if (number < minimum || number > maximum)
                throw Error(Join(at, name), $"must be between {minimum} and {maximum}");
            return number;
        }

        long? OptionalLong(JsonElement element, string name, string at)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
                throw Error(Join(at, name), "must be a whole number");
            if (number < 1)
                throw Error(Join(at, name), "must be at least 1");
            return number;
        }

        TimeSpan? Seconds(JsonElement element, string name, string at, bool allowZero = false)
        {
            double? seconds = OptionalNumber(element, name, at, minimumExclusive: allowZero ? null : 0, minimumInclusive: allowZero ? 0 : null);
            if (seconds > TimeSpan.FromDays(1).TotalSeconds)
                throw Error(Join(at, name), "must be at most 86400 (one day)");
            return seconds is null ? null : TimeSpan.FromSeconds(seconds.Value);
        }

        IReadOnlyList<string> Strings(JsonElement array, string at)
        {
            if (array.ValueKind != JsonValueKind.Array)
                throw Error(at, "must be an array of strings");
            var strings = new List<string>();
            int index = 0;
            foreach (JsonElement item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                    throw Error($"{at}[{index}]", "must be a string");
                strings.Add(item.GetString()!);
                index++;
            }
            return strings;
        }
    }
}
