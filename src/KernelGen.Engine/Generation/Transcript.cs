using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelGen.Engine.Generation;

/// <summary>One message of a recorded request, with secrets already redacted.</summary>
/// <param name="Role">The chat role (<c>system</c>, <c>user</c>, <c>assistant</c>).</param>
/// <param name="Text">The message's text.</param>
public sealed record TranscriptMessage(string Role, string Text);

/// <summary>One request and its answer.</summary>
/// <param name="Module">The module the request was tagged with (<see cref="ModuleChatOptions"/>), if any.</param>
/// <param name="Turn">The exchange's index among the recorded exchanges of <paramref name="Module"/>'s conversation, from 0.</param>
/// <param name="RequestSha256">
/// <see cref="ConversationText.Sha256"/> of the request as sent. It is taken before redaction so that replay,
/// which sees the same request, finds it; a digest reveals nothing usable about a key.
/// </param>
/// <param name="Request">The request's messages, redacted.</param>
/// <param name="Response">The answer's text, redacted.</param>
/// <param name="Model">The model that answered, as the provider reported it.</param>
/// <param name="ElapsedMilliseconds">How long the answer took.</param>
public sealed record TranscriptExchange(
    string? Module,
    int Turn,
    string RequestSha256,
    IReadOnlyList<TranscriptMessage> Request,
    string Response,
    string? Model,
    double ElapsedMilliseconds)
{
    /// <summary>Which of the model's conversations about <see cref="Module"/> this exchange belongs to (0 when there was one).</summary>
    public int Conversation { get; init; }
}

/// <summary>
/// A transcript file: the exchanges of a recorded run, in the order they completed. Written by
/// <see cref="TranscriptRecorder"/>, read by <see cref="ReplayChatClient"/>.
/// </summary>
/// <param name="SchemaVersion">Always <see cref="CurrentSchemaVersion"/>.</param>
/// <param name="Exchanges">The recorded exchanges.</param>
public sealed record Transcript(int SchemaVersion, IReadOnlyList<TranscriptExchange> Exchanges)
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The configured name of the model that answered (kernelgen.json's <c>name</c>); replay reuses it.</summary>
    public string? ModelName { get; init; }

    /// <summary>The provider that answered (<c>openai</c>, <c>command</c>, …); replay reports it in provenance.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// Who wrote the answers: <c>llm</c> (also when absent) or <c>hand-written</c> for a transcript whose answers a person
    /// wrote, such as the offline demo; the provenance of a kernel replayed from it says the same.
    /// </summary>
    public string? Origin { get; init; }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// Reads a transcript file; a missing, malformed or unknown-version file is a <see cref="ProviderException"/>
    /// of the <c>replay</c> provider, the only reader.
    /// </summary>
    public static Transcript Load(string path)
    {
        const string provider = ReplayChatClient.ProviderName;
        Transcript? transcript;
        try
        {
            transcript = JsonSerializer.Deserialize<Transcript>(File.ReadAllText(path), JsonOptions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ProviderException(provider, ProviderFailure.TranscriptUnreadable, $"cannot read transcript '{path}': {e.Message}", e);
        }
        if (transcript is null || transcript.SchemaVersion != CurrentSchemaVersion)
            throw new ProviderException(provider, ProviderFailure.TranscriptUnreadable,
                $"transcript '{path}' is not a schema {CurrentSchemaVersion} transcript");
        return transcript;
    }

    /// <summary>Writes the transcript atomically (temporary file, then rename), so a reader never sees half a file.</summary>
    public void Save(string path)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporaryPath = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporaryPath, JsonSerializer.Serialize(this, JsonOptions) + "\n");
        File.Move(temporaryPath, fullPath, overwrite: true);
    }
}
