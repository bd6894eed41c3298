using System.Collections;
using System.Text.RegularExpressions;

namespace KernelGen.Engine.Generation;

/// <summary>
/// Replaces secrets in text by <see cref="Placeholder"/>: configured secret values, and anything shaped like
/// an API key (<c>sk-…</c>, <c>sk-ant-…</c>) or a bearer token, so that keys never reach transcripts or logs.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What every secret is replaced by.</summary>
    public const string Placeholder = "[REDACTED]";

    // Secrets found only by an environment variable's name must be long enough to be keys: redacting a short
    // value such as "1" would shred every transcript.
    const int MinimumDiscoveredSecretLength = 8;

    static readonly HashSet<string> SecretNameParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "CREDENTIALS", "PAT",
    };

    readonly string[] secretsLongestFirst;

    /// <summary>Creates a redactor for <paramref name="secretValues"/> (empty values are ignored) and the key patterns.</summary>
    public SecretRedactor(IEnumerable<string> secretValues)
    {
        ArgumentNullException.ThrowIfNull(secretValues);
        // Longest first, so a secret that contains another is removed whole.
        secretsLongestFirst = secretValues
            .Where(value => !string.IsNullOrEmpty(value))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(value => value.Length)
            .ToArray();
    }

    /// <summary>
    /// A redactor for <paramref name="additionalSecretValues"/> plus the values of this process's environment
    /// variables whose names mark them as secrets (a <c>_</c>-separated part such as <c>KEY</c>, <c>TOKEN</c>,
    /// <c>SECRET</c> or <c>PASSWORD</c>, as in <c>OPENAI_API_KEY</c> or <c>HF_TOKEN</c>).
    /// </summary>
    public static SecretRedactor FromEnvironment(IEnumerable<string>? additionalSecretValues = null)
    {
        var secrets = new List<string>(additionalSecretValues ?? []);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && variable.Value is string value
                && value.Length >= MinimumDiscoveredSecretLength && NameMarksSecret(name))
                secrets.Add(value);
        }
        return new SecretRedactor(secrets);
    }

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <see cref="Placeholder"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string secret in secretsLongestFirst)
            text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
        text = ApiKeyPattern().Replace(text, Placeholder);
        return BearerTokenPattern().Replace(text, "${scheme}" + Placeholder);
    }

    static bool NameMarksSecret(string name) =>
        name.Split('_', StringSplitOptions.RemoveEmptyEntries).Any(SecretNameParts.Contains);

    // OpenAI (sk-…, sk-proj-…) and Anthropic (sk-ant-…) keys.
    [GeneratedRegex(@"\bsk-[A-Za-z0-9][A-Za-z0-9_\-]{15,}")]
    private static partial Regex ApiKeyPattern();

    [GeneratedRegex(@"(?<scheme>\bBearer\s+)[A-Za-z0-9._~+/\-]{8,}=*", RegexOptions.IgnoreCase)]
    private static partial Regex BearerTokenPattern();
}
